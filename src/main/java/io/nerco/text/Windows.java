package io.nerco.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Overlapping windows over a sentence whose subwords exceed the encoder's window, and the
 * choice of window for each word when merging back: the window in which the word's first
 * subword lies farthest from an edge, so every word is tagged with as much context on both
 * sides as the windows give. Windows start at a word's first subword, never inside a word.
 */
public final class Windows {

    /** Subwords [start, end) of the sentence, special tokens excluded. */
    public record Window(int start, int end) {
        public int length() {
            return end - start;
        }
    }

    private Windows() {}

    /**
     * Plans windows of at most {@code budget} subwords, consecutive windows starting about
     * {@code budget / 2} apart.
     *
     * @param sentence the encoded sentence
     * @param budget   subwords per window, special tokens excluded; at least 2
     * @return one window when the sentence fits, else overlapping windows covering it
     */
    public static List<Window> plan(EncodedSentence sentence, int budget) {
        if (budget < 2) {
            throw new IllegalArgumentException("window budget must be at least 2 subwords, was " + budget);
        }
        int total = sentence.ids().length;
        if (total <= budget) {
            return List.of(new Window(0, total));
        }
        List<Integer> wordStarts = new ArrayList<>();
        for (int f : sentence.firstSubword()) {
            if (f >= 0) {
                wordStarts.add(f);
            }
        }
        List<Window> windows = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = Math.min(start + budget, total);
            windows.add(new Window(start, end));
            if (end == total) {
                return windows;
            }
            int target = start + budget / 2;
            int next = start + 1;
            for (int ws : wordStarts) {
                if (ws > start && ws <= target) {
                    next = ws;
                }
            }
            if (next <= start) {
                next = target;
            }
            start = next;
        }
    }

    /** Index of the window whose edges are farthest from the subword. */
    public static int bestWindow(List<Window> windows, int subword) {
        int best = -1;
        int bestMargin = Integer.MIN_VALUE;
        for (int w = 0; w < windows.size(); w++) {
            Window window = windows.get(w);
            if (subword >= window.start() && subword < window.end()) {
                int margin = Math.min(subword - window.start(), window.end() - 1 - subword);
                if (margin > bestMargin) {
                    bestMargin = margin;
                    best = w;
                }
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("subword " + subword + " lies in no window");
        }
        return best;
    }
}
