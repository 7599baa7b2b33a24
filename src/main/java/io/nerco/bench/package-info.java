/**
 * Benchmarks that print figures: model throughput by batch size on real sentence lengths,
 * the machine's arithmetic limit measured with single-op ONNX MatMul graphs of the model's
 * own shapes, every model figure as a fraction of that limit, and the PNG plots for
 * docs/performance.md. Timings are printed, never asserted. The GPL CoreNLP peer lives in
 * a separate source folder (src/corenlp/java) that only the Maven profile {@code corenlp}
 * compiles, so nothing here depends on it.
 */
package io.nerco.bench;
