package io.nerco.eval;

import io.nerco.model.Entity;
import io.nerco.model.Tagger;
import io.nerco.text.SegmentedText;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a tagger on labeled documents: tags each batch on the documents' gold tokenisation
 * ({@link Tagger#tagSegmented}), so the counts are comparable with conlleval on gold tokens,
 * and sums the counts. Does not close the tagger. Thread-safe when the tagger is.
 */
public final class TaggerEvaluation {

    private final Tagger tagger;
    private final int batchSize;

    /**
     * @param tagger    the model to score, owned by the caller
     * @param batchSize documents per {@code tagSegmented} call, at least 1
     */
    public TaggerEvaluation(Tagger tagger, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        this.tagger = tagger;
        this.batchSize = batchSize;
    }

    /** @return counts over all documents, {@code documents == docs.size()} */
    public EvalCounts evaluate(List<LabeledDocument> docs) {
        EvalCounts total = EvalCounts.EMPTY;
        for (int from = 0; from < docs.size(); from += batchSize) {
            List<LabeledDocument> batch = docs.subList(from, Math.min(docs.size(), from + batchSize));
            List<SegmentedText> texts = batch.stream().map(LabeledDocument::segmented).toList();
            List<List<Entity>> predicted = tagger.tagSegmented(texts);
            if (predicted.size() != batch.size()) {
                throw new IllegalStateException("tagger returned " + predicted.size() + " results for " + batch.size() + " documents");
            }
            for (int i = 0; i < batch.size(); i++) {
                List<Span> spans = new ArrayList<>(predicted.get(i).size());
                predicted.get(i).forEach(e -> spans.add(Span.of(e)));
                total = total.plus(SpanScorer.score(batch.get(i).gold(), spans));
            }
        }
        return total;
    }
}
