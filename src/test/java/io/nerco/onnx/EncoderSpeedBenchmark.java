package io.nerco.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints MiniLM encoder throughput for fp32 and the int8 rewrites, batch 32, 2 threads, and
 * the operator counts of ONNX Runtime's optimised graphs. Figures, not assertions; excluded
 * from the default run. Run with
 * {@code ./mvnw -o -q test -Dtest=EncoderSpeedBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class EncoderSpeedBenchmark {

    @TempDir
    Path dir;

    @Test
    void printThroughput() throws IOException, OrtException {
        OnnxModelFile fp32 = OnnxModelFile.read(MiniLm.onnx());
        Map<String, Path> variants = new java.util.LinkedHashMap<>();
        variants.put("fp32", MiniLm.onnx());
        variants.put("int8+emb", write(Int8Quantizer.quantize(fp32, true), "int8e.onnx"));
        variants.put("int8", write(Int8Quantizer.quantize(fp32, false), "int8.onnx"));

        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            sentences.add(EncoderRunner.SENTENCES.get(i % 2 == 0 ? 0 : 3));
        }
        try (EncoderRunner runner = new EncoderRunner(sentences)) {
            for (Map.Entry<String, Path> v : variants.entrySet()) {
                Path optimised = dir.resolve(v.getKey() + "-ort.onnx");
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    options.setIntraOpNumThreads(2);
                    options.addConfigEntry("session.intra_op.allow_spinning", "0");
                    options.setOptimizedModelFilePath(optimised.toString());
                    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(v.getValue().toString(), options)) {
                        for (int i = 0; i < 3; i++) {
                            runner.run(session);
                        }
                        int rounds = 15;
                        long start = System.nanoTime();
                        for (int i = 0; i < rounds; i++) {
                            runner.run(session);
                        }
                        double seconds = (System.nanoTime() - start) / 1e9;
                        System.out.printf("%-9s %6.1f MB  %7.1f sentences/s  %8.0f tokens/s  ORT ops %s%n", v.getKey(),
                                Files.size(v.getValue()) / 1e6, rounds * sentences.size() / seconds,
                                rounds * runner.tokens() / seconds, histogram(OnnxModelFile.read(optimised)));
                    }
                }
            }
        }
    }

    private Path write(OnnxModelFile model, String name) throws IOException {
        Path p = dir.resolve(name);
        model.write(p);
        return p;
    }

    private static Map<String, Long> histogram(OnnxModelFile model) {
        return model.nodes().stream().collect(Collectors.groupingBy(OnnxNode::opType, TreeMap::new, Collectors.counting()));
    }
}
