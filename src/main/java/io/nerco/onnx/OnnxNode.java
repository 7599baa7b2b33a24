package io.nerco.onnx;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of an ONNX graph, as read from the file. Immutable.
 *
 * @param name       node name, empty when the file gives none
 * @param opType     operator, for example {@code MatMul}
 * @param domain     operator set domain, empty for the default {@code ai.onnx}
 * @param inputs     input value names in order; an empty string marks an omitted optional input
 * @param outputs    output value names in order
 * @param attributes attributes by name
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                       Map<String, OnnxAttribute> attributes) {

    public OnnxNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(domain, "domain");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }
}
