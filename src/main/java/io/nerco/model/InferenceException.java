package io.nerco.model;

/** ONNX Runtime failed on a batch; the batch's documents have no result. */
public final class InferenceException extends RuntimeException {

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
