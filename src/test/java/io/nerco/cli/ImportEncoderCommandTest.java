package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.onnx.BertEncoderGraph;
import io.nerco.onnx.BertWeights;
import io.nerco.onnx.Int8Quantizer;
import io.nerco.onnx.OnnxModelFile;
import io.nerco.onnx.RandomBert;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportEncoderCommandTest {

    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        return new CommandLine(new ImportEncoderCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void anInt8BundleIsCutToFewerLayersAndNarrowerFeedForwardBlocks() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("teacher"));
        Int8Quantizer.quantize(BertEncoderGraph.build(RandomBert.weights(50, 16, 3, 32, 64), 2, 1e-12f), true)
                .write(bundle.resolve("encoder.onnx"));
        Files.writeString(bundle.resolve("tokenizer.json"), "{}");
        StringWriter out = new StringWriter();

        int code = run(out, new StringWriter(), "--from", bundle.toString(), "--layers", "2", "--intermediate", "8",
                "--heads", "2", "--name", "student", "--out", dir.resolve("student").toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("(2 layers, hidden 16, vocabulary 50)");
        BertWeights student = BertWeights.read(OnnxModelFile.read(dir.resolve("student/student.onnx")));
        assertThat(student.layers()).hasSize(2);
        assertThat(student.intermediateSize()).isEqualTo(8);
    }

    @Test
    void narrowingACheckpointBeforeItIsImportedIsAClearError() throws Exception {
        Path savedModel = Files.createDirectories(dir.resolve("saved"));
        StringWriter err = new StringWriter();

        int code = run(new StringWriter(), err, "--from", savedModel.toString(), "--intermediate", "8",
                "--out", dir.resolve("x").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--intermediate narrows ONNX encoders only");
    }
}
