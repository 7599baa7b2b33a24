package io.nerco.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Joint BIO labels in a fixed order ({@code O}, then {@code B-X}, {@code I-X} per type in
 * alphabetical order) and the contrastive class of each (0 for O, 1 + type index otherwise).
 * Immutable.
 */
public record LabelSet(List<String> labels, List<String> types) {

    public LabelSet {
        labels = List.copyOf(labels);
        types = List.copyOf(types);
    }

    /** The labels for the entity types found in the given tags. */
    public static LabelSet of(Collection<TaggedSentence> sentences) {
        TreeSet<String> types = new TreeSet<>();
        for (TaggedSentence s : sentences) {
            for (String tag : s.tags()) {
                if (!tag.equals("O")) {
                    types.add(typeOf(tag));
                }
            }
        }
        return ofTypes(List.copyOf(types));
    }

    public static LabelSet ofTypes(List<String> types) {
        List<String> labels = new ArrayList<>();
        labels.add("O");
        for (String t : types) {
            labels.add("B-" + t);
            labels.add("I-" + t);
        }
        return new LabelSet(labels, types);
    }

    private static String typeOf(String tag) {
        if (!(tag.startsWith("B-") || tag.startsWith("I-")) || tag.length() < 3) {
            throw new IllegalArgumentException("not a BIO tag: " + tag);
        }
        return tag.substring(2);
    }

    public int id(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("unknown label " + label + ", known " + labels);
        }
        return i;
    }

    /** Contrastive class of a label id: 0 for O, 1 + type index otherwise. */
    public int classOf(int labelId) {
        return labelId == 0 ? 0 : 1 + (labelId - 1) / 2;
    }

    public int size() {
        return labels.size();
    }
}
