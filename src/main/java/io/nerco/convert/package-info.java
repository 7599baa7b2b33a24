/**
 * Converting pretrained encoders from other formats into the ONNX encoders the trainer starts
 * from: TensorFlow checkpoints (tensor bundles) of Google's BERT, their WordPiece vocabularies
 * as {@code tokenizer.json}; and a bundle's encoder cut to fewer layers and narrower feed-forward
 * blocks, where a distilled student starts. Used at build and training time only; nothing here
 * serves traffic.
 */
package io.nerco.convert;
