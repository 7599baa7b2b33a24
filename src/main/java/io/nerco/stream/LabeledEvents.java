package io.nerco.stream;

import io.nerco.avro.GoldSpan;
import io.nerco.avro.LabeledEvent;
import io.nerco.avro.TokenOffsets;
import io.nerco.eval.LabeledDocument;
import java.time.Instant;
import java.util.List;

/**
 * Turns labeled documents (from {@code io.nerco.eval.ConllToLabeled}, the reader behind
 * {@code nerco eval}) into {@link LabeledEvent}s with the same text, the same gold char spans
 * and, optionally, the same gold tokenisation, so the quality topology scores exactly what
 * {@code nerco eval} scores. Stateless and thread-safe.
 */
public final class LabeledEvents {
    private LabeledEvents() {
    }

    /**
     * @param doc        the document, not null; its id becomes the event id
     * @param source     the event's source, not null
     * @param eventTime  the event time (quality windows are in this time), not null
     * @param withTokens whether to send the gold tokens (the model then tags them, as {@code nerco eval} does)
     *                   or leave segmentation to the model
     */
    public static LabeledEvent of(LabeledDocument doc, String source, Instant eventTime, boolean withTokens) {
        List<GoldSpan> gold = doc.gold().stream().map(s -> new GoldSpan(s.type(), s.start(), s.end())).toList();
        List<List<TokenOffsets>> sentences = !withTokens ? null : doc.segmented().sentences().stream()
                .map(s -> s.tokens().stream().map(t -> new TokenOffsets(t.start(), t.end())).toList())
                .toList();
        return LabeledEvent.newBuilder().setId(doc.id()).setSource(source).setText(doc.text()).setGold(gold)
                .setSentences(sentences).setEventTimestamp(eventTime).build();
    }
}
