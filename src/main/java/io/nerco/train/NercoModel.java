package io.nerco.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Encoder, head and CRF over one set of parameters, with decoding of whole corpora
 * (inference mode, no gradients, BIO-constrained Viterbi). Does not own the parameters.
 * Not thread-safe.
 */
public final class NercoModel {

    private final ModelParameters params;
    private final LabelSet labels;
    private final Encoder encoder;
    private final TaggingHead head;
    private final Crf crf;

    public NercoModel(ModelParameters params, LabelSet labels) {
        this.params = params;
        this.labels = labels;
        this.encoder = Encoder.of(params);
        this.head = new TaggingHead(params);
        this.crf = new Crf(params);
    }

    public ModelParameters params() {
        return params;
    }

    public LabelSet labels() {
        return labels;
    }

    public Encoder encoder() {
        return encoder;
    }

    public TaggingHead head() {
        return head;
    }

    public Crf crf() {
        return crf;
    }

    public Viterbi viterbi() {
        int l = labels.size();
        float[] t = params.values("crf.transitions");
        float[][] trans = new float[l][];
        for (int i = 0; i < l; i++) {
            trans[i] = Arrays.copyOfRange(t, i * l, (i + 1) * l);
        }
        return new Viterbi(labels.labels(), trans, params.values("crf.start"), params.values("crf.end"));
    }

    /** Word emissions of each sentence, {@code [sentence][labelled word][label]}, in input order. */
    public float[][][] emissions(List<EncodedSentence> sentences, NDManager manager, int batchSize) {
        float[][][] out = new float[sentences.size()][][];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> sentences.get(i).ids().length));
        int l = labels.size();
        for (int from = 0; from < order.size(); from += batchSize) {
            List<Integer> idx = order.subList(from, Math.min(order.size(), from + batchSize));
            Batch batch = new Batch(idx.stream().map(sentences::get).toList());
            try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
                NDArray hidden = encoder.forward(batch.inputIds(m), batch.attentionMask(m), false);
                float[] e = head.emissions(TaggingHead.gatherWords(hidden, batch.flatWordPositions(m))).toFloatArray();
                int w = batch.words();
                for (int b = 0; b < idx.size(); b++) {
                    int n = sentences.get(idx.get(b)).labels().length;
                    float[][] s = new float[n][];
                    for (int t = 0; t < n; t++) {
                        s[t] = Arrays.copyOfRange(e, (b * w + t) * l, (b * w + t + 1) * l);
                    }
                    out[idx.get(b)] = s;
                }
            }
        }
        return out;
    }

    /** Predicted tags per word of each sentence; words without a subword get O. */
    public List<List<String>> tag(List<EncodedSentence> sentences, NDManager manager, int batchSize) {
        float[][][] emissions = emissions(sentences, manager, batchSize);
        Viterbi viterbi = viterbi();
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            EncodedSentence s = sentences.get(i);
            String[] tags = new String[s.wordCount()];
            Arrays.fill(tags, "O");
            if (emissions[i].length > 0) {
                int[] path = viterbi.decode(emissions[i]);
                for (int k = 0; k < path.length; k++) {
                    tags[s.words()[k]] = labels.labels().get(path[k]);
                }
            }
            out.add(Arrays.asList(tags));
        }
        return out;
    }

    /** Entity-level scores of the model on a corpus. */
    public ChunkScore score(List<TaggedSentence> gold, List<EncodedSentence> encoded, NDManager manager) {
        List<List<String>> predicted = tag(encoded, manager, 64);
        ChunkScore score = new ChunkScore();
        for (int i = 0; i < gold.size(); i++) {
            score.add(gold.get(i).tags(), predicted.get(i));
        }
        return score;
    }
}
