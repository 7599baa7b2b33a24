/**
 * Offline rewrites of a bundle's ONNX encoder into ONNX Runtime's fused {@code com.microsoft}
 * operators, applied to a copy; the bundle in place is never changed. Entry point:
 * {@link io.nerco.optimize.EncoderFusion}.
 */
package io.nerco.optimize;
