package io.nerco.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code model.json} of a model bundle: everything the serving side needs besides the
 * graphs and the tokenizer, and the provenance a user needs to trust the scores.
 *
 * <p>Graph contract. {@code encoder.onnx} takes INT64 {@code input_ids} and
 * {@code attention_mask} [batch, seq] (and {@code token_type_ids} when the graph declares it)
 * and returns FLOAT {@code last_hidden_state} [batch, seq, hidden]. {@code tagger.onnx}
 * takes FLOAT {@code hidden_states} [batch, seq, hidden] and returns FLOAT
 * {@code emissions} [batch, seq, labels.size()], one score per label in {@link #labels} order.
 * The CRF transitions are data here, not a graph: Viterbi runs in Java.
 *
 * @param formatVersion     bundle format, currently 1
 * @param name              model name stamped on output records
 * @param version           model version stamped on output records
 * @param language          BCP 47 language the model was trained for, for example {@code en}
 * @param labels            tag labels in emission order, {@code O} and {@code B-X}/{@code I-X}
 * @param tagScheme         {@code BIO} (IOB2)
 * @param maxSequenceLength the encoder's window in subwords, special tokens included
 * @param lowercase         whether the tokenizer lowercases (informational; tokenizer.json decides)
 * @param quantization      {@code fp32} or {@code int8}
 * @param crf               transitions[from][to], start and end scores; null for a softmax head
 * @param encoder           the base encoder and where it came from
 * @param training          data, config and exact command of the training run
 * @param scores            evaluation results by split name ({@code dev}, {@code test})
 * @param files             SHA-256 of each bundle file by file name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BundleManifest(
        int formatVersion,
        String name,
        String version,
        String language,
        List<String> labels,
        String tagScheme,
        int maxSequenceLength,
        boolean lowercase,
        String quantization,
        Crf crf,
        Map<String, String> encoder,
        Map<String, Object> training,
        Map<String, Score> scores,
        Map<String, String> files) {

    public BundleManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        encoder = encoder == null ? Map.of() : Map.copyOf(encoder);
        training = training == null ? Map.of() : Map.copyOf(training);
        scores = scores == null ? Map.of() : Map.copyOf(scores);
        files = files == null ? Map.of() : Map.copyOf(files);
    }

    /** CRF parameters: {@code transitions[i][j]} scores label i followed by label j. */
    public record Crf(float[][] transitions, float[] start, float[] end) {}

    /** Entity-level scores with conlleval semantics. */
    public record Score(double precision, double recall, double f1, Map<String, Double> f1ByType) {}
}
