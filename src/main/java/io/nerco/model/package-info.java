/**
 * Model: loads a model bundle, runs the encoder and tagger ONNX Runtime sessions on
 * length-bucketed padded batches, and decodes emissions into entity spans with scores.
 * The entry point is {@link io.nerco.model.Tagger}.
 */
package io.nerco.model;
