package io.nerco.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entity-level precision, recall and F1 with conlleval semantics for BIO tags (an I-X after O or
 * another type opens a chunk). Accumulates; not thread-safe.
 */
public final class ChunkScore {

    private record Chunk(int start, int end, String type) {}

    private final Map<String, long[]> byType = new TreeMap<>(); // tp, predicted, gold

    public void add(List<String> gold, List<String> predicted) {
        List<Chunk> g = chunks(gold);
        List<Chunk> p = chunks(predicted);
        for (Chunk c : g) {
            counts(c.type())[2]++;
        }
        for (Chunk c : p) {
            counts(c.type())[1]++;
            if (g.contains(c)) {
                counts(c.type())[0]++;
            }
        }
    }

    private long[] counts(String type) {
        return byType.computeIfAbsent(type, t -> new long[3]);
    }

    static List<Chunk> chunks(List<String> tags) {
        List<Chunk> out = new ArrayList<>();
        int start = -1;
        String type = null;
        for (int i = 0; i <= tags.size(); i++) {
            String tag = i < tags.size() ? tags.get(i) : "O";
            String t = tag.equals("O") ? null : tag.substring(2);
            boolean begins = t != null && (tag.startsWith("B-") || !t.equals(type));
            if (type != null && (t == null || begins)) {
                out.add(new Chunk(start, i, type));
                type = null;
            }
            if (begins) {
                start = i;
                type = t;
            }
        }
        return out;
    }

    public double precision() {
        long[] a = total();
        return a[1] == 0 ? 0 : (double) a[0] / a[1];
    }

    public double recall() {
        long[] a = total();
        return a[2] == 0 ? 0 : (double) a[0] / a[2];
    }

    public double f1() {
        return f1(total());
    }

    public Map<String, Double> f1ByType() {
        Map<String, Double> out = new TreeMap<>();
        byType.forEach((t, c) -> out.put(t, f1(c)));
        return out;
    }

    private static double f1(long[] c) {
        return c[1] + c[2] == 0 ? 0 : 2.0 * c[0] / (c[1] + c[2]);
    }

    private long[] total() {
        long[] a = new long[3];
        byType.values().forEach(c -> {
            a[0] += c[0];
            a[1] += c[1];
            a[2] += c[2];
        });
        return a;
    }
}
