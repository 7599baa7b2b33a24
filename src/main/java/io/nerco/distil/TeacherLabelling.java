package io.nerco.distil;

import io.nerco.eval.ConllReader;
import io.nerco.eval.ConllSentence;
import io.nerco.model.BundleManifest;
import io.nerco.model.LabelSet;
import io.nerco.model.OnnxTagger;
import io.nerco.model.ViterbiDecoder;
import io.nerco.text.NewsSegmenter;
import io.nerco.text.Sentence;
import io.nerco.text.Token;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a teacher bundle over a student's training data and writes a {@link TeacherLabels} file:
 * CoNLL sentences keep their gold tags, sentences of unlabelled text (one paragraph a line,
 * segmented as serving segments) get the teacher's Viterbi tags; every word gets the
 * teacher's emission row. Not thread-safe; does not own the tagger.
 */
public final class TeacherLabelling {

    /** What a run wrote. */
    public record Summary(long goldSentences, long teacherSentences, long words, Map<String, Long> teacherEntities) {}

    private static final int BATCH = 256;

    private final OnnxTagger teacher;
    private final LabelSet labels;
    private final ViterbiDecoder decoder;
    private final NewsSegmenter segmenter = new NewsSegmenter();

    public TeacherLabelling(OnnxTagger teacher) {
        this.teacher = teacher;
        this.labels = teacher.bundle().labels();
        this.decoder = new ViterbiDecoder(labels, teacher.bundle().manifest().crf());
    }

    /**
     * @param conll         labelled CoNLL files (any format {@code nerco eval} reads)
     * @param text          unlabelled text files, one paragraph a line; may be empty
     * @param textSentences at most this many sentences of text in all (0: all of it)
     * @param out           the teacher-labels file to write
     */
    public Summary run(List<Path> conll, List<Path> text, long textSentences, Path out) throws IOException {
        long gold = 0;
        long taught = 0;
        long words = 0;
        Map<String, Long> entities = new TreeMap<>();
        try (TeacherLabels.Writer writer = TeacherLabels.writer(out, teacher.modelId().name() + " " + teacher.modelId().version(),
                labels.labels(), crfOf(teacher))) {
            for (Path file : conll) {
                List<ConllSentence> sentences = ConllReader.detecting().read(file).sentences().toList();
                for (int from = 0; from < sentences.size(); from += BATCH) {
                    List<ConllSentence> batch = sentences.subList(from, Math.min(sentences.size(), from + BATCH));
                    List<float[][]> rows = teacher.wordEmissions(batch.stream().map(ConllSentence::words).toList());
                    for (int i = 0; i < batch.size(); i++) {
                        writer.write(new TaughtSentence(batch.get(i).words(), batch.get(i).tags(), true, rows.get(i)));
                        words += batch.get(i).size();
                        gold++;
                    }
                }
            }
            List<List<String>> pending = new ArrayList<>();
            for (Path file : text) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null && !enough(taught + pending.size(), textSentences);
                            line = in.readLine()) {
                        for (Sentence sentence : segmenter.segment(line)) {
                            if (enough(taught + pending.size(), textSentences)) {
                                break;
                            }
                            pending.add(sentence.tokens().stream().map(Token::text).toList());
                        }
                        if (pending.size() >= BATCH) {
                            taught += writeTaught(pending, writer, entities);
                            words += pending.stream().mapToInt(List::size).sum();
                            pending.clear();
                        }
                    }
                }
            }
            taught += writeTaught(pending, writer, entities);
            words += pending.stream().mapToInt(List::size).sum();
        }
        return new Summary(gold, taught, words, entities);
    }

    /** The teacher's CRF; a bundle without one (a softmax head) decodes with zero scores, and says so here. */
    private static BundleManifest.Crf crfOf(OnnxTagger teacher) {
        int n = teacher.bundle().labels().size();
        BundleManifest.Crf crf = teacher.bundle().manifest().crf();
        return new BundleManifest.Crf(crf == null ? new float[n][n] : crf.transitions(),
                crf == null || crf.start() == null ? new float[n] : crf.start(),
                crf == null || crf.end() == null ? new float[n] : crf.end());
    }

    private static boolean enough(long sentences, long limit) {
        return limit > 0 && sentences >= limit;
    }

    private int writeTaught(List<List<String>> sentences, TeacherLabels.Writer writer, Map<String, Long> entities)
            throws IOException {
        if (sentences.isEmpty()) {
            return 0;
        }
        List<float[][]> rows = teacher.wordEmissions(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            int[] path = decoder.decode(rows.get(i));
            List<String> tags = new ArrayList<>(path.length);
            for (int label : path) {
                tags.add(labels.label(label));
                if (labels.isBegin(label)) {
                    entities.merge(labels.type(label), 1L, Long::sum);
                }
            }
            writer.write(new TaughtSentence(sentences.get(i), tags, false, rows.get(i)));
        }
        return sentences.size();
    }
}
