package io.nerco.onnx;

import java.util.List;
import java.util.Objects;

/**
 * A node attribute of the scalar and list kinds ({@code FLOAT}, {@code INT}, {@code STRING},
 * {@code FLOATS}, {@code INTS}, {@code STRINGS}). Attributes of other kinds (tensors,
 * subgraphs) are listed with their type and a null value. Immutable.
 *
 * @param name  attribute name
 * @param type  the ONNX attribute type name, for example {@code INT}
 * @param value a {@code Float}, {@code Long}, {@code String}, {@code List<Float>},
 *              {@code List<Long>} or {@code List<String>}; null for the other kinds
 */
public record OnnxAttribute(String name, String type, Object value) {

    public OnnxAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** The value of an {@code INT} attribute. */
    public long asLong() {
        return as(Long.class);
    }

    /** The value of a {@code FLOAT} attribute. */
    public float asFloat() {
        return as(Float.class);
    }

    /** The value of a {@code STRING} attribute. */
    public String asString() {
        return as(String.class);
    }

    /** The value of an {@code INTS} attribute. */
    @SuppressWarnings("unchecked")
    public List<Long> asLongs() {
        return (List<Long>) as(List.class);
    }

    private <T> T as(Class<T> type) {
        if (!type.isInstance(value)) {
            throw new OnnxFormatException("attribute " + name + " is of type " + this.type);
        }
        return type.cast(value);
    }
}
