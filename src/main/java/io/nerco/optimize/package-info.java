/**
 * Rewrites of a bundle's ONNX encoder into ONNX Runtime's fused {@code com.microsoft}
 * operators. Serving applies them in memory when it opens a session; {@code bench fusion}
 * writes a fused copy to compare. The bundle's files are never changed. Entry point:
 * {@link io.nerco.optimize.EncoderFusion}.
 */
package io.nerco.optimize;
