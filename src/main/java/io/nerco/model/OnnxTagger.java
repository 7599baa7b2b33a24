package io.nerco.model;

import ai.onnxruntime.OrtException;
import io.nerco.text.EncodedSentence;
import io.nerco.text.NewsSegmenter;
import io.nerco.text.SegmentedText;
import io.nerco.text.Segmenter;
import io.nerco.text.Sentence;
import io.nerco.text.SubwordEncoder;
import io.nerco.text.Token;
import io.nerco.text.Windows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The serving tagger: segment, encode words to subwords, cut long sentences into windows,
 * sort all windows of a call by length and pad each batch only to its own longest window,
 * run the encoder and tagger sessions, merge windows back, decode with
 * {@link ViterbiDecoder}, and assemble entities with offsets into the original text.
 *
 * <p>Score. An entity's score is the mean, over its words, of the softmax probability that
 * the word's emission row gives to the label Viterbi chose for it. It is a local confidence
 * (the CRF transitions do not enter it), in [0, 1], and 1 only when every word's emission
 * is certain.
 *
 * <p>Thread-safe: all state is per call; the sessions are shared. Owns its sessions and
 * tokenizer; close it after every caller is done.
 */
public final class OnnxTagger implements Tagger {

    private final ModelBundle bundle;
    private final TaggerOptions options;
    private final OnnxSessions sessions;
    private final SubwordEncoder encoder;
    private final ViterbiDecoder decoder;
    private final Segmenter segmenter = new NewsSegmenter();
    private final long[] prefix;
    private final long[] suffix;
    private final int windowBudget;

    OnnxTagger(ModelBundle bundle, TaggerOptions options) {
        this.bundle = bundle;
        this.options = options;
        this.decoder = new ViterbiDecoder(bundle.labels(), bundle.manifest().crf());
        this.encoder = openEncoder(bundle);
        try {
            this.sessions = new OnnxSessions(bundle, options.intraOpThreads());
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
        this.prefix = encoder.prefix();
        this.suffix = encoder.suffix();
        this.windowBudget = bundle.manifest().maxSequenceLength() - prefix.length - suffix.length;
    }

    private static SubwordEncoder openEncoder(ModelBundle bundle) {
        try {
            return SubwordEncoder.open(bundle.tokenizerFile());
        } catch (RuntimeException e) {
            throw new InvalidBundleException(bundle.tokenizerFile(), e.getMessage(), e);
        }
    }

    @Override
    public List<List<Entity>> tagAll(List<String> texts) {
        return tagSegmented(texts.stream().map(this::segment).toList());
    }

    /** The document as {@link #tagAll} segments it. */
    public SegmentedText segment(String text) {
        checkLength(text);
        return new SegmentedText(text, segmenter.segment(text));
    }

    private void checkLength(String text) {
        if (text.length() > options.maxTextLength()) {
            throw new TextTooLongException(text.length(), options.maxTextLength());
        }
    }

    @Override
    public List<List<Entity>> tagSegmented(List<SegmentedText> documents) {
        return tag(documents, false).stream()
                .map(sentences -> sentences.stream().flatMap(s -> s.entities().stream()).toList())
                .toList();
    }

    /** Like {@link #tagSegmented}, sentence by sentence, each with the model's confidence in it. */
    public List<List<ScoredSentence>> tagSentences(List<SegmentedText> documents) {
        return tag(documents, true);
    }

    /** @param scored whether to run the forward algorithm for each sentence's confidence (else 1) */
    private List<List<ScoredSentence>> tag(List<SegmentedText> documents, boolean scored) {
        List<SentenceWork> sentences = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            checkLength(documents.get(d).text());
            for (Sentence sentence : documents.get(d).sentences()) {
                sentences.add(work(d, sentence.tokens().stream().map(Token::text).toList(), sentence));
            }
        }
        infer(sentences);
        List<List<ScoredSentence>> result = new ArrayList<>(documents.size());
        for (int d = 0; d < documents.size(); d++) {
            result.add(new ArrayList<>());
        }
        for (SentenceWork work : sentences) {
            float[][] rows = wordRows(work);
            int[] path = decoder.decode(rows);
            result.get(work.document).add(new ScoredSentence(work.sentence,
                    assemble(documents.get(work.document).text(), work.sentence.tokens(), rows, path),
                    scored ? decoder.pathProbability(rows, path) : 1.0));
        }
        return result.stream().map(List::copyOf).toList();
    }

    /**
     * The emission row (label scores, in {@link ModelBundle#labels()} order, before the CRF) of
     * every word of each sentence, batched as {@link #tagSegmented} batches them: what a teacher
     * gives its student ({@code nerco distil-labels}). A word without subwords gets a row that
     * only allows {@code O}.
     */
    public List<float[][]> wordEmissions(List<List<String>> sentences) {
        List<SentenceWork> works = new ArrayList<>(sentences.size());
        for (List<String> words : sentences) {
            works.add(work(works.size(), words, null));
        }
        infer(works);
        return works.stream().map(this::wordRows).toList();
    }

    private SentenceWork work(int document, List<String> words, Sentence sentence) {
        EncodedSentence encoded = encoder.encode(words);
        return new SentenceWork(document, sentence, encoded, Windows.plan(encoded, Math.max(2, windowBudget)));
    }

    /** Length-bucketed batches of all windows: sorted by length, each padded to its own longest window. */
    private void infer(List<SentenceWork> sentences) {
        List<WindowWork> byLength = new ArrayList<>();
        for (SentenceWork work : sentences) {
            for (int w = 0; w < work.windows.size(); w++) {
                byLength.add(new WindowWork(work, w));
            }
        }
        byLength.sort(Comparator.comparingInt(WindowWork::length));
        for (int from = 0; from < byLength.size(); from += options.maxBatchSize()) {
            List<WindowWork> batch = byLength.subList(from, Math.min(byLength.size(), from + options.maxBatchSize()));
            int seq = batch.getLast().length() + prefix.length + suffix.length;
            long[] ids = new long[batch.size() * seq];
            long[] mask = new long[ids.length];
            for (int r = 0; r < batch.size(); r++) {
                int p = r * seq;
                for (long id : batch.get(r).sequence(prefix, suffix)) {
                    ids[p] = id;
                    mask[p++] = 1;
                }
            }
            float[][][] emissions;
            try {
                emissions = sessions.emissions(ids, mask, batch.size(), seq);
            } catch (OrtException e) {
                throw new InferenceException("inference failed on a batch of " + batch.size() + " x " + seq + ": " + e.getMessage(), e);
            }
            for (int r = 0; r < batch.size(); r++) {
                WindowWork window = batch.get(r);
                window.sentence.windowEmissions[window.index] = emissions[r];
            }
        }
    }

    private float[][] wordRows(SentenceWork work) {
        int labels = bundle.labels().size();
        float[][] rows = new float[work.encoded.wordCount()][];
        for (int word = 0; word < rows.length; word++) {
            int subword = work.encoded.firstSubword()[word];
            if (subword < 0) {
                rows[word] = outsideRow(labels);
                continue;
            }
            int w = Windows.bestWindow(work.windows, subword);
            Windows.Window window = work.windows.get(w);
            rows[word] = work.windowEmissions[w][subword - window.start() + prefix.length];
        }
        return rows;
    }

    private float[] outsideRow(int labels) {
        float[] row = new float[labels];
        Arrays.fill(row, -1e4f);
        row[bundle.labels().outside()] = 0;
        return row;
    }

    private List<Entity> assemble(String text, List<Token> tokens, float[][] rows, int[] path) {
        LabelSet labels = bundle.labels();
        List<Entity> entities = new ArrayList<>();
        int i = 0;
        while (i < path.length) {
            if (!labels.isBegin(path[i])) {
                i++;
                continue;
            }
            String type = labels.type(path[i]);
            int j = i + 1;
            while (j < path.length && labels.isInside(path[j]) && type.equals(labels.type(path[j]))) {
                j++;
            }
            double score = 0;
            for (int k = i; k < j; k++) {
                score += probability(rows[k], path[k]);
            }
            int start = tokens.get(i).start();
            int end = tokens.get(j - 1).end();
            entities.add(new Entity(text.substring(start, end), type, start, end, Math.min(1.0, Math.max(0.0, score / (j - i)))));
            i = j;
        }
        return entities;
    }

    private static double probability(float[] row, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : row) {
            sum += Math.exp(v - max);
        }
        double p = Math.exp(row[label] - max) / sum;
        return Double.isFinite(p) ? p : 0.0;
    }

    /** The bundle this tagger serves. */
    public ModelBundle bundle() {
        return bundle;
    }

    @Override
    public ModelId modelId() {
        return bundle.modelId();
    }

    /** The BCP 47 language the bundle was trained for (its model.json), or null when it does not say. */
    @Override
    public String language() {
        return bundle.manifest().language();
    }

    @Override
    public void close() {
        sessions.close();
        encoder.close();
    }

    private static final class SentenceWork {
        final int document;
        final Sentence sentence; // null when only emissions are asked for
        final EncodedSentence encoded;
        final List<Windows.Window> windows;
        final float[][][] windowEmissions;

        SentenceWork(int document, Sentence sentence, EncodedSentence encoded, List<Windows.Window> windows) {
            this.document = document;
            this.sentence = sentence;
            this.encoded = encoded;
            this.windows = windows;
            this.windowEmissions = new float[windows.size()][][];
        }
    }

    private static final class WindowWork {
        final SentenceWork sentence;
        final int index;

        WindowWork(SentenceWork sentence, int index) {
            this.sentence = sentence;
            this.index = index;
        }

        int length() {
            return sentence.windows.get(index).length();
        }

        long[] sequence(long[] prefix, long[] suffix) {
            Windows.Window w = sentence.windows.get(index);
            long[] seq = new long[prefix.length + w.length() + suffix.length];
            System.arraycopy(prefix, 0, seq, 0, prefix.length);
            System.arraycopy(sentence.encoded.ids(), w.start(), seq, prefix.length, w.length());
            System.arraycopy(suffix, 0, seq, prefix.length + w.length(), suffix.length);
            return seq;
        }
    }
}
