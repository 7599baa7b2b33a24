package io.nerco.stream;

import io.nerco.avro.GoldSpan;
import io.nerco.avro.LabeledEvent;
import io.nerco.avro.TokenOffsets;
import io.nerco.eval.Span;
import io.nerco.text.SegmentedText;
import io.nerco.text.Sentence;
import io.nerco.text.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the gold spans and gold tokenisation of a {@link LabeledEvent} into the evaluation
 * types, rejecting labels that do not fit the text with {@link DeadLetterReason#INVALID_LABELS}.
 * A sentence's span runs from its first token's start to its last token's end, as in
 * {@code ConllToLabeled}, so the model sees the same sentences as {@code nerco eval}.
 * Stateless and thread-safe.
 */
final class QualityLabeledEvents {

    private QualityLabeledEvents() {
    }

    /** Rejects a null value, missing or too long text, and labels outside the text. */
    static LabeledEvent validate(LabeledEvent event, int maxTextChars) {
        if (event == null) {
            throw new RejectedEventException(DeadLetterReason.NULL_VALUE, "record has no value");
        }
        String text = event.getText();
        if (text == null || text.isBlank()) {
            throw new RejectedEventException(DeadLetterReason.MISSING_TEXT, "event " + event.getId() + " has no text");
        }
        if (text.length() > maxTextChars) {
            throw new RejectedEventException(DeadLetterReason.TEXT_TOO_LONG, "event " + event.getId() + " has "
                    + text.length() + " chars, the limit is " + maxTextChars);
        }
        gold(event);
        segmented(event);
        return event;
    }

    /** The gold spans, in the event's order. */
    static List<Span> gold(LabeledEvent event) {
        int length = event.getText().length();
        List<Span> spans = new ArrayList<>(event.getGold().size());
        for (GoldSpan g : event.getGold()) {
            if (g.getEnd() > length) {
                throw invalid(event, "gold span " + g.getType() + " [" + g.getStart() + ", " + g.getEnd()
                        + ") is outside the text of length " + length);
            }
            try {
                spans.add(new Span(g.getType(), g.getStart(), g.getEnd()));
            } catch (IllegalArgumentException e) {
                throw invalid(event, e.getMessage());
            }
        }
        return spans;
    }

    /** The gold tokenisation, or empty when the event carries none (the model segments the text). */
    static Optional<SegmentedText> segmented(LabeledEvent event) {
        if (event.getSentences() == null) {
            return Optional.empty();
        }
        String text = event.getText();
        List<Sentence> sentences = new ArrayList<>(event.getSentences().size());
        try {
            for (List<TokenOffsets> offsets : event.getSentences()) {
                if (offsets.isEmpty()) {
                    throw invalid(event, "sentence " + sentences.size() + " has no tokens");
                }
                List<Token> tokens = new ArrayList<>(offsets.size());
                for (TokenOffsets o : offsets) {
                    if (o.getStart() < 0 || o.getEnd() > text.length() || o.getEnd() <= o.getStart()) {
                        throw invalid(event, "token [" + o.getStart() + ", " + o.getEnd() + ") does not fit the text of length "
                                + text.length());
                    }
                    tokens.add(new Token(text.substring(o.getStart(), o.getEnd()), o.getStart(), o.getEnd()));
                }
                sentences.add(new Sentence(tokens.getFirst().start(), tokens.getLast().end(), tokens));
            }
            return Optional.of(new SegmentedText(text, sentences));
        } catch (IllegalArgumentException e) {
            throw invalid(event, e.getMessage());
        }
    }

    private static RejectedEventException invalid(LabeledEvent event, String detail) {
        return new RejectedEventException(DeadLetterReason.INVALID_LABELS, "event " + event.getId() + ": " + detail);
    }
}
