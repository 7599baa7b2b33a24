/**
 * ONNX graphs as data: reading initialisers of pretrained encoders ({@link io.nerco.onnx.OnnxModelFile},
 * {@link io.nerco.onnx.BertWeights}), writing new graphs and initialisers
 * ({@link io.nerco.onnx.LinearTaggerGraph}), the int8 rewrite ({@link io.nerco.onnx.Int8Quantizer})
 * and model bundles ({@link io.nerco.onnx.BundleWriter}). No ONNX Runtime and no DJL here;
 * this is the file format, parsed with classes protoc generates from {@code src/main/protobuf}.
 */
package io.nerco.onnx;
