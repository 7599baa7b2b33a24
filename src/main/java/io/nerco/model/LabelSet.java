package io.nerco.model;

import java.util.List;

/**
 * BIO labels in emission order, with each label's type and position prefix. Validates that
 * every label is {@code O}, {@code B-X} or {@code I-X} and that each {@code I-X} has its {@code B-X}.
 */
public final class LabelSet {

    private final List<String> labels;
    private final String[] types;
    private final boolean[] inside;
    private final int outside;

    public LabelSet(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.types = new String[labels.size()];
        this.inside = new boolean[labels.size()];
        int o = -1;
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label.equals("O")) {
                o = i;
            } else if (label.length() > 2 && (label.startsWith("B-") || label.startsWith("I-"))) {
                types[i] = label.substring(2);
                inside[i] = label.charAt(0) == 'I';
            } else {
                throw new IllegalArgumentException("label '" + label + "' is not O, B-X or I-X");
            }
        }
        if (o < 0) {
            throw new IllegalArgumentException("labels lack O: " + labels);
        }
        for (int i = 0; i < labels.size(); i++) {
            if (inside[i] && !labels.contains("B-" + types[i])) {
                throw new IllegalArgumentException("label " + labels.get(i) + " has no B-" + types[i]);
            }
        }
        this.outside = o;
    }

    public int size() {
        return labels.size();
    }

    public String label(int i) {
        return labels.get(i);
    }

    public List<String> labels() {
        return labels;
    }

    /** Entity type of label i, or null for O. */
    public String type(int i) {
        return types[i];
    }

    public boolean isInside(int i) {
        return inside[i];
    }

    public boolean isBegin(int i) {
        return types[i] != null && !inside[i];
    }

    public int outside() {
        return outside;
    }

    /** The BIO rule: I-X only right after B-X or I-X. */
    public boolean allowed(int from, int to) {
        return !inside[to] || (types[from] != null && types[from].equals(types[to]));
    }
}
