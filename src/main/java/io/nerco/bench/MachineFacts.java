package io.nerco.bench;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The facts a reader needs to judge a figure: when, on what CPU, how many cores, how busy the
 * machine was, which JVM and ONNX Runtime. Immutable.
 */
public record MachineFacts(String when, String cpuModel, int logicalCpus, int jvmProcessors,
        String loadAverage, String os, String jvm, String onnxRuntime) {

    /** Reads the facts of this machine now; /proc entries that are missing read as "unknown". */
    public static MachineFacts now() {
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        String model = cpuinfo.stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        int cpus = (int) cpuinfo.stream().filter(l -> l.startsWith("processor")).count();
        String load = lines(Path.of("/proc/loadavg")).stream().findFirst().orElse("unknown");
        return new MachineFacts(Instant.now().toString(), model, cpus, Runtime.getRuntime().availableProcessors(),
                load, System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                OrtEnvironment.getEnvironment().getVersion());
    }

    /** The facts as "name: value" lines. */
    public String describe() {
        return String.join("\n",
                "date (UTC)        " + when,
                "CPU               " + cpuModel,
                "logical CPUs      " + logicalCpus + " (/proc/cpuinfo), " + jvmProcessors + " for the JVM",
                "load average      " + loadAverage + "  (1, 5, 15 min; run/total tasks; last pid)",
                "OS                " + os,
                "JVM               " + jvm,
                "ONNX Runtime      " + onnxRuntime) + "\n";
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
