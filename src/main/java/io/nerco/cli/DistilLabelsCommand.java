package io.nerco.cli;

import io.nerco.distil.TeacherLabelling;
import io.nerco.eval.ConllFormatException;
import io.nerco.model.InvalidBundleException;
import io.nerco.model.OnnxTagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nerco distil-labels}: a teacher bundle's view of a student's training data, for
 * {@code nerco train --train FILE} (knowledge distillation). Exit code 0 on success, 1 when the
 * teacher cannot be opened or a CoNLL file cannot be read.
 */
@Command(name = "distil-labels", mixinStandardHelpOptions = true,
        description = "Runs a teacher bundle over CoNLL files (gold tags kept) and unlabelled text (the teacher's tags) "
                + "and writes its word emissions as a teacher-labels file for nerco train.")
public final class DistilLabelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--teacher", required = true, paramLabel = "DIR", description = "The teacher's model bundle folder.")
    Path teacher;

    @Option(names = "--conll", paramLabel = "FILE", description = "Labelled CoNLL file (repeatable); its gold tags are kept.")
    List<Path> conll = List.of();

    @Option(names = "--text", paramLabel = "FILE",
            description = "Unlabelled UTF-8 text, one paragraph a line (repeatable); tagged by the teacher.")
    List<Path> text = List.of();

    @Option(names = "--text-sentences", paramLabel = "N", defaultValue = "0",
            description = "Take at most N sentences of text in all, from the start (default: all).")
    long textSentences;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The teacher-labels file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (conll.isEmpty() && text.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give at least one --conll or --text file");
        }
        long started = System.nanoTime();
        try (OnnxTagger tagger = Taggers.open(teacher, TaggerOptions.defaults().withIntraOpThreads(threads))) {
            TeacherLabelling.Summary s = new TeacherLabelling(tagger).run(conll, text, textSentences, out);
            double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getOut().printf("wrote %s: %d sentences with gold tags, %d tagged by %s (entities %s), "
                            + "%d words in %.0f s (%.0f words/s)%n", out, s.goldSentences(), s.teacherSentences(),
                    tagger.modelId().name(), s.teacherEntities(), s.words(), seconds, s.words() / seconds);
            return 0;
        } catch (InvalidBundleException | ConllFormatException e) {
            spec.commandLine().getErr().println("distil-labels: " + e.getMessage());
            return 1;
        }
    }
}
