package io.nerco.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Tags to chunks with conlleval's rules: a chunk of type X starts at B-X, or at I-X after O,
 * after the start of the sentence or after a tag of another type; it goes on while the next
 * tag is I-X. So {@code I-PER I-PER} is one chunk, {@code B-PER B-PER} two, and
 * {@code B-PER I-LOC} a PER chunk then a LOC chunk. Stateless.
 */
public final class Chunks {

    private Chunks() {
    }

    /**
     * A chunk over token indices.
     *
     * @param type  entity type
     * @param start index of its first token
     * @param end   index after its last token
     */
    public record Chunk(String type, int start, int end) {
    }

    /**
     * @param tags one IOB tag per token ({@code O}, {@code B-X}, {@code I-X}); IOB1 works too
     * @return the chunks in token order
     * @throws IllegalArgumentException for a tag that is neither O nor B-X/I-X
     */
    public static List<Chunk> of(List<String> tags) {
        List<Chunk> chunks = new ArrayList<>();
        String openType = null;
        int openStart = -1;
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag.equals("O")) {
                if (openType != null) {
                    chunks.add(new Chunk(openType, openStart, i));
                    openType = null;
                }
                continue;
            }
            if (tag.length() < 3 || tag.charAt(1) != '-' || (tag.charAt(0) != 'B' && tag.charAt(0) != 'I')) {
                throw new IllegalArgumentException("not an IOB tag at token " + i + ": '" + tag + "'");
            }
            String type = tag.substring(2);
            boolean continues = tag.charAt(0) == 'I' && type.equals(openType);
            if (!continues) {
                if (openType != null) {
                    chunks.add(new Chunk(openType, openStart, i));
                }
                openType = type;
                openStart = i;
            }
        }
        if (openType != null) {
            chunks.add(new Chunk(openType, openStart, tags.size()));
        }
        return chunks;
    }
}
