package io.nerco.onnx;

import java.util.List;
import java.util.Objects;

/**
 * A graph input or output: name, tensor element type and shape. Immutable.
 *
 * @param name        value name
 * @param elementType ONNX element type name ({@code FLOAT}, {@code INT64}, ...), or
 *                    {@code UNDEFINED} when the file does not say
 * @param shape       dimensions; each is a {@link Long} (fixed) or a {@link String}
 *                    (symbolic, for example {@code "batch"}); empty when the file gives no shape
 */
public record OnnxValueInfo(String name, String elementType, List<Object> shape) {

    public OnnxValueInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elementType, "elementType");
        shape = List.copyOf(shape);
    }
}
