package io.nerco.onnx;

/**
 * An ONNX file or graph that does not have the content asked for: a missing initialiser or
 * node, a tensor of another element type, a shape that does not fit, or a feature of the
 * format this package does not read (external tensor data).
 */
public class OnnxFormatException extends RuntimeException {

    public OnnxFormatException(String message) {
        super(message);
    }

    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
