package io.nerco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time per operator type from an ONNX Runtime profile (the Chrome-trace JSON that
 * {@code SessionOptions.enableProfiling} writes): the {@code "cat": "Node"} events named
 * {@code <node>_kernel_time}, summed by {@code args.op_name}. Session and fence events are
 * left out. Immutable.
 *
 * @param ops per operator type, most time first
 */
public record OrtProfile(List<OpTime> ops) {

    /**
     * One operator type's share.
     *
     * @param op           operator type as ORT names it after its own fusions (e.g. {@code Gelu})
     * @param calls        kernel runs
     * @param microseconds summed kernel time
     */
    public record OpTime(String op, long calls, long microseconds) {}

    public OrtProfile {
        ops = List.copyOf(ops);
    }

    public static OrtProfile read(Path json) {
        try {
            return parse(new ObjectMapper().readTree(json.toFile()));
        } catch (IOException e) {
            throw new BenchInputException("cannot read ONNX Runtime profile " + json + ": " + e.getMessage(), e);
        }
    }

    /** @throws BenchInputException when the JSON is not an array of trace events */
    public static OrtProfile parse(JsonNode events) {
        if (!events.isArray()) {
            throw new BenchInputException("an ONNX Runtime profile is a JSON array of events");
        }
        Map<String, long[]> byOp = new LinkedHashMap<>();
        for (JsonNode e : events) {
            if (!"Node".equals(e.path("cat").asText()) || !e.path("name").asText().endsWith("_kernel_time")) {
                continue;
            }
            String op = e.path("args").path("op_name").asText("");
            if (op.isEmpty() || !e.path("dur").isNumber()) {
                throw new BenchInputException("kernel event without op_name or dur: " + e);
            }
            long[] sum = byOp.computeIfAbsent(op, k -> new long[2]);
            sum[0]++;
            sum[1] += e.get("dur").asLong();
        }
        List<OpTime> ops = new ArrayList<>();
        byOp.forEach((op, sum) -> ops.add(new OpTime(op, sum[0], sum[1])));
        ops.sort(Comparator.comparingLong(OpTime::microseconds).reversed());
        return new OrtProfile(ops);
    }

    public long totalMicroseconds() {
        return ops.stream().mapToLong(OpTime::microseconds).sum();
    }

    /** Kernel time of one operator type, 0 when absent. */
    public long microseconds(String op) {
        return ops.stream().filter(o -> o.op().equals(op)).mapToLong(OpTime::microseconds).sum();
    }
}
