package io.nerco.convert;

/** A TensorFlow checkpoint or SavedModel that cannot be read; the message names the file. */
public final class TensorBundleException extends RuntimeException {
    public TensorBundleException(String message) {
        super(message);
    }
}
