package io.nerco.bench;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nerco.onnx.internal.proto.ModelProto;
import io.nerco.optimize.EncoderFusion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The encoder-fusion benchmark: rewrites a copy of a bundle's encoder with {@link EncoderFusion},
 * then runs the original and the copy on the same sentences in one process: ONNX Runtime's
 * profile of each (time per operator type), the largest difference of the tagger's emissions,
 * the words whose tags differ, and the speed of each, passes alternating so both see the same
 * machine load. Not thread-safe.
 *
 * @param bundle    the bundle to read (never written)
 * @param out       folder for the fused copy (encoder rewritten, the rest copied, model.json's
 *                  checksum of encoder.onnx updated); must not be the bundle itself
 * @param threads   intra-op threads
 * @param batchSize sentences per batch
 * @param warmup    unmeasured passes of each
 * @param repeat    measured passes of each; medians are reported
 */
public record FusionBench(Path bundle, Path out, int threads, int batchSize, int warmup, int repeat) {

    public FusionBench {
        if (threads < 1 || batchSize < 1 || warmup < 0 || repeat < 1) {
            throw new IllegalArgumentException("threads, batch size and passes must be positive");
        }
    }

    public FusionReport run(List<LabeledSentence> sentences, String source, PrintStream log)
            throws OrtException, IOException {
        MachineFacts machine = MachineFacts.now();
        EncoderFusion.Result fusion = writeFusedCopy();
        log.printf("fused %d skip-LayerNorms, %d attentions and %d GELUs; %d -> %d nodes; copy in %s%n", fusion.skipLayerNorms(),
                fusion.attentions(), fusion.gelus(), fusion.nodesBefore(), fusion.nodesAfter(), out);
        OrtProfile originalProfile = profile(bundle, sentences);
        OrtProfile fusedProfile = profile(out, sentences);
        try (BundleRunner original = BundleRunner.open(bundle, threads, null, false);
                BundleRunner fused = BundleRunner.open(out, threads, null, false)) {
            BundleRunner.Tokenized tokens = original.tokenize(sentences);
            LengthBuckets buckets = LengthBuckets.of(tokens.lengths(), batchSize);
            for (int w = 0; w < warmup; w++) {
                original.pass(buckets, tokens);
                fused.pass(buckets, tokens);
            }
            StageTimes[] originalPasses = new StageTimes[repeat];
            StageTimes[] fusedPasses = new StageTimes[repeat];
            log.println("timing " + repeat + " alternating passes of each on " + sentences.size() + " sentences ...");
            for (int r = 0; r < repeat; r++) {
                originalPasses[r] = original.pass(buckets, tokens);
                fusedPasses[r] = fused.pass(buckets, tokens);
            }
            int[] words = sentences.stream().mapToInt(s -> s.words().size()).toArray();
            Agreement agreement = compare(original, fused, words);
            double originalF1 = Double.NaN;
            double fusedF1 = Double.NaN;
            if (sentences.stream().allMatch(LabeledSentence::labeled)) {
                originalF1 = f1(sentences, original.lastTags(words));
                fusedF1 = f1(sentences, fused.lastTags(words));
            }
            return new FusionReport(machine, source, sentences.size(), Arrays.stream(words).sum(), threads, batchSize, repeat,
                    fusion.skipLayerNorms(), fusion.attentions(), fusion.gelus(), fusion.nodesBefore(), fusion.nodesAfter(),
                    medianEncoderSeconds(originalPasses), medianEncoderSeconds(fusedPasses),
                    agreement.maxAbsDifference(), agreement.differentWords(), originalF1, fusedF1, originalProfile, fusedProfile);
        }
    }

    private EncoderFusion.Result writeFusedCopy() throws IOException {
        if (Files.exists(out) && Files.isSameFile(out, bundle)) {
            throw new BenchInputException("the fused copy must go to another folder than the bundle " + bundle);
        }
        Files.createDirectories(out);
        EncoderFusion.Result fusion = EncoderFusion.fuse(ModelProto.parseFrom(Files.readAllBytes(bundle.resolve("encoder.onnx"))));
        Files.write(out.resolve("encoder.onnx"), fusion.model().toByteArray());
        for (String file : List.of("tagger.onnx", "tokenizer.json")) {
            Files.copy(bundle.resolve(file), out.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode manifest = (ObjectNode) json.readTree(bundle.resolve("model.json").toFile());
        if (manifest.path("files").has("encoder.onnx")) {
            ((ObjectNode) manifest.get("files")).put("encoder.onnx", sha256(out.resolve("encoder.onnx")));
        }
        json.writeValue(out.resolve("model.json").toFile(), manifest);
        return fusion;
    }

    private OrtProfile profile(Path dir, List<LabeledSentence> sentences) throws OrtException, IOException {
        Path folder = Files.createTempDirectory("nerco-ort-profile");
        OrtProfile profile;
        try (BundleRunner runner = BundleRunner.open(dir, threads, folder.resolve("profile"), false)) {
            BundleRunner.Tokenized tokens = runner.tokenize(sentences);
            runner.pass(LengthBuckets.of(tokens.lengths(), batchSize), tokens);
            profile = OrtProfile.read(runner.endEncoderProfiling());
        }
        // the tagger session writes its profile when it closes
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(folder);
        return profile;
    }

    private record Agreement(double maxAbsDifference, long differentWords) {}

    private static Agreement compare(BundleRunner a, BundleRunner b, int[] words) {
        float[][][] ea = a.lastEmissions();
        float[][][] eb = b.lastEmissions();
        double max = 0;
        for (int s = 0; s < ea.length; s++) {
            for (int w = 0; w < ea[s].length; w++) {
                for (int l = 0; l < ea[s][w].length; l++) {
                    max = Math.max(max, Math.abs(ea[s][w][l] - eb[s][w][l]));
                }
            }
        }
        List<List<String>> ta = a.lastTags(words);
        List<List<String>> tb = b.lastTags(words);
        long different = 0;
        for (int s = 0; s < ta.size(); s++) {
            for (int w = 0; w < ta.get(s).size(); w++) {
                if (!ta.get(s).get(w).equals(tb.get(s).get(w))) {
                    different++;
                }
            }
        }
        return new Agreement(max, different);
    }

    private static double f1(List<LabeledSentence> sentences, List<List<String>> predicted) {
        ConllevalScore score = new ConllevalScore(0, 0, 0);
        for (int i = 0; i < sentences.size(); i++) {
            score = score.plus(ConllevalScore.of(sentences.get(i).tags(), predicted.get(i)));
        }
        return score.f1();
    }

    private static double medianEncoderSeconds(StageTimes[] passes) {
        return Stopwatch.medianSeconds(Arrays.stream(passes).mapToLong(StageTimes::encoder).toArray());
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
