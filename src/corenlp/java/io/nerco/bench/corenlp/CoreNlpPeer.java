package io.nerco.bench.corenlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import edu.stanford.nlp.ie.crf.CRFClassifier;
import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import io.nerco.bench.ConllSentences;
import io.nerco.bench.ConllevalScore;
import io.nerco.bench.LabeledSentence;
import io.nerco.bench.MachineFacts;
import io.nerco.bench.PeerResult;
import io.nerco.bench.TextTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Tags the benchmark's sentences with CoreNLP's CRF ({@code english.conll.4class.distsim} by
 * default) on pre-tokenised words, scores entity F1 with conlleval semantics, and times words
 * per second at each thread count (one shared classifier, sentences dealt round-robin to the
 * threads). Prints a table and optionally writes the points as JSON for
 * {@code nerco bench model --peer}.
 *
 * <p>Run: {@code ./mvnw -Pcorenlp -q compile dependency:build-classpath -Dmdep.outputFile=target/corenlp.cp}
 * then {@code java -Xmx1g -cp target/classes:$(cat target/corenlp.cp) io.nerco.bench.corenlp.CoreNlpPeer --data FILE}.
 */
public final class CoreNlpPeer {

    static final String DEFAULT_MODEL = "edu/stanford/nlp/models/ner/english.conll.4class.distsim.crf.ser.gz";

    private static final Map<String, String> CONLL_TYPES =
            Map.of("PERSON", "PER", "LOCATION", "LOC", "ORGANIZATION", "ORG", "MISC", "MISC");

    private final CRFClassifier<CoreLabel> classifier;

    CoreNlpPeer(String model) throws Exception {
        this.classifier = CRFClassifier.getClassifier(model);
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getenv().getOrDefault("NERCO_SHARED_DATA", "../shared/data"), "conll2003/test.txt");
        String model = DEFAULT_MODEL;
        List<Integer> threads = List.of(1, 2);
        int warmup = 1;
        int repeat = 3;
        int limit = 0;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> data = Path.of(value);
                case "--model" -> model = value;
                case "--threads" -> threads = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--repeat" -> repeat = Integer.parseInt(value);
                case "--sentences" -> limit = Integer.parseInt(value);
                case "--json" -> json = Path.of(value);
                default -> {
                    System.err.println("usage: CoreNlpPeer [--data FILE] [--model RESOURCE] [--threads 1,2] [--warmup N]"
                            + " [--repeat N] [--sentences N] [--json FILE]");
                    System.exit(2);
                }
            }
            i++;
        }
        List<LabeledSentence> all = ConllSentences.read(data);
        List<LabeledSentence> sentences = limit > 0 ? all.subList(0, Math.min(limit, all.size())) : all;
        if (!sentences.stream().allMatch(LabeledSentence::labeled)) {
            throw new IllegalArgumentException(data + " has no gold tags; F1 needs them");
        }
        System.out.print(MachineFacts.now().describe());
        CoreNlpPeer peer = new CoreNlpPeer(model);
        List<PeerResult> results = peer.measure(sentences, threads, warmup, repeat, model);

        TextTable table = new TextTable("tagger", "threads", "sentences", "words", "F1", "words/s", "heap MiB");
        for (PeerResult r : results) {
            table.row(r.name(), r.threads(), r.sentences(), r.words(), TextTable.number(r.f1(), 2),
                    TextTable.number(r.wordsPerSecond(), 0), TextTable.number(r.heapMiB(), 0));
        }
        System.out.println("\n== CoreNLP CRF on " + data + " (pre-tokenised, classifySentence; median of " + repeat
                + " passes after " + warmup + " warm-up)");
        System.out.print(table.render());
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        }
    }

    List<PeerResult> measure(List<LabeledSentence> sentences, List<Integer> threadCounts, int warmup, int repeat,
            String model) throws Exception {
        long words = sentences.stream().mapToLong(s -> s.words().size()).sum();
        ConllevalScore score = new ConllevalScore(0, 0, 0);
        for (LabeledSentence s : sentences) {
            score = score.plus(ConllevalScore.of(s.tags(), tag(s)));
        }
        System.gc();
        double heapMiB = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024.0 * 1024);
        String name = "CoreNLP CRF " + model.substring(model.lastIndexOf('/') + 1).replace(".crf.ser.gz", "");
        List<PeerResult> results = new ArrayList<>();
        for (int threads : threadCounts) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int w = 0; w < warmup; w++) {
                    pass(sentences, pool, threads);
                }
                long[] nanos = new long[repeat];
                for (int r = 0; r < repeat; r++) {
                    nanos[r] = pass(sentences, pool, threads);
                }
                Arrays.sort(nanos);
                double seconds = nanos[repeat / 2] / 1e9;
                results.add(new PeerResult(name, threads, sentences.size(), words, score.f1(), words / seconds, heapMiB));
            } finally {
                pool.shutdownNow();
            }
        }
        return results;
    }

    /** Classifies pre-tokenised words; classifySentence runs the feature preprocessing plain classify skips. */
    List<String> tag(LabeledSentence sentence) {
        List<CoreLabel> tokens = new ArrayList<>(sentence.words().size());
        for (String w : sentence.words()) {
            CoreLabel label = new CoreLabel();
            label.setWord(w);
            label.setValue(w);
            label.setOriginalText(w);
            tokens.add(label);
        }
        List<String> tags = new ArrayList<>(tokens.size());
        for (CoreLabel out : classifier.classifySentence(tokens)) {
            String answer = out.get(CoreAnnotations.AnswerAnnotation.class);
            // The model answers IO types with long names (PERSON); as I-PER they score under conlleval's chunk rules.
            tags.add(answer.equals(classifier.backgroundSymbol()) ? "O" : "I-" + CONLL_TYPES.getOrDefault(answer, answer));
        }
        return tags;
    }

    private long pass(List<LabeledSentence> sentences, ExecutorService pool, int threads) throws Exception {
        long t0 = System.nanoTime();
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            parts.add(pool.submit(() -> {
                long tagged = 0;
                for (int i = first; i < sentences.size(); i += threads) {
                    tagged += tag(sentences.get(i)).size();
                }
                return tagged;
            }));
        }
        long tagged = 0;
        for (Future<Long> part : parts) {
            tagged += part.get();
        }
        if (tagged != sentences.stream().mapToLong(s -> s.words().size()).sum()) {
            throw new IllegalStateException("CoreNLP returned " + tagged + " tags for the words given");
        }
        return System.nanoTime() - t0;
    }
}
