package io.nerco.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nerco.avro.TextEvent;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Turns lines into {@link TextEvent}s: a plain text line is the text (id {@code source-N}),
 * a JSON line {@code {"id", "text", "source", "language"}} gives its own fields (only
 * {@code text} required). Not thread-safe (it counts lines).
 */
public final class TextEventLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String defaultSource;
    private final Clock clock;
    private long lineNumber;

    /**
     * @param defaultSource source for lines that do not name one, not null
     * @param clock         gives event and ingest timestamps, not null
     */
    public TextEventLines(String defaultSource, Clock clock) {
        this.defaultSource = Objects.requireNonNull(defaultSource, "defaultSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The event for one line.
     *
     * @throws IllegalArgumentException for a JSON line that is malformed or has no text, naming the line
     */
    public TextEvent parse(String line) {
        lineNumber++;
        String trimmed = line.strip();
        String id = defaultSource + "-" + lineNumber;
        String source = defaultSource;
        String language = null;
        String text = line;
        if (trimmed.startsWith("{")) {
            JsonNode node;
            try {
                node = JSON.readTree(trimmed);
            } catch (IOException e) {
                throw new IllegalArgumentException("line " + lineNumber + " is not valid JSON: " + e.getMessage(), e);
            }
            if (!node.hasNonNull("text")) {
                throw new IllegalArgumentException("line " + lineNumber + " has no \"text\"");
            }
            text = node.get("text").asText();
            id = node.hasNonNull("id") ? node.get("id").asText() : id;
            source = node.hasNonNull("source") ? node.get("source").asText() : source;
            language = node.hasNonNull("language") ? node.get("language").asText() : null;
        }
        var now = clock.instant();
        return TextEvent.newBuilder().setId(id).setSource(source).setLanguage(language).setText(text)
                .setEventTimestamp(now).setIngestTimestamp(now).setAttributes(Map.of()).build();
    }

}
