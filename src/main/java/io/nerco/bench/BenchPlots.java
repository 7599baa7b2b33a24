package io.nerco.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;

/**
 * PNG charts for docs/performance.md, drawn with Java2D (no plotting dependency): throughput
 * against batch size (log₂ x axis), F1 against words per second with peers marked, and the
 * cumulative distribution of event latencies.
 * Headless-safe. Stateless.
 */
public final class BenchPlots {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)
    };

    /** A line: y against x, both positive. */
    public record Series(String label, double[] x, double[] y) {
        public Series {
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("a series needs as many x as y values, at least one");
            }
        }
    }

    /** A point named in the legend; peers are drawn as squares, ours as circles. */
    public record Point(String label, double x, double y, boolean peer) {}

    /** The latencies of one load phase, in milliseconds (any order). */
    public record Latencies(String label, long[] millis) {
        public Latencies {
            if (millis.length == 0) {
                throw new IllegalArgumentException("no latencies for " + label);
            }
            millis = millis.clone();
            java.util.Arrays.sort(millis);
        }
    }

    private BenchPlots() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Writes words/s (or any y) against batch size; x is drawn on a log₂ scale. */
    public static void throughputByBatch(String title, String yLabel, List<Series> series, Path png) throws IOException {
        double xMin = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x())).min().orElseThrow();
        double xMax = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x())).max().orElseThrow();
        double yMax = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y())).max().orElseThrow();
        double lx0 = log2(xMin);
        double lx1 = Math.max(lx0 + 1, log2(xMax));
        Canvas c = new Canvas(title, "batch size (sentences)", yLabel);
        DoubleUnaryOperator px = x -> c.px((log2(x) - lx0) / (lx1 - lx0));
        DoubleUnaryOperator py = y -> c.py(y / (yMax * 1.1));
        for (int e = (int) Math.floor(lx0); e <= lx1; e++) {
            c.xTick(px.applyAsDouble(Math.pow(2, e)), Integer.toString(1 << e));
        }
        c.yTicks(0, yMax * 1.1, py);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            c.g.setColor(PALETTE[i % PALETTE.length]);
            for (int k = 0; k < s.x().length; k++) {
                int x = (int) px.applyAsDouble(s.x()[k]);
                int y = (int) py.applyAsDouble(s.y()[k]);
                c.g.fillOval(x - 4, y - 4, 8, 8);
                if (k > 0) {
                    c.g.drawLine((int) px.applyAsDouble(s.x()[k - 1]), (int) py.applyAsDouble(s.y()[k - 1]), x, y);
                }
            }
            c.legend(i, s.label(), false);
        }
        c.write(png);
    }

    /** Writes F1 against words per second; the y axis spans the points' F1 with a margin. */
    public static void qualityVsSpeed(String title, List<Point> points, Path png) throws IOException {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no points to plot");
        }
        double xMax = points.stream().mapToDouble(Point::x).max().orElseThrow() * 1.15;
        double yLo = Math.floor(points.stream().mapToDouble(Point::y).min().orElseThrow() - 2);
        double yHi = Math.ceil(points.stream().mapToDouble(Point::y).max().orElseThrow() + 1);
        Canvas c = new Canvas(title, "words per second", "entity F1 (conlleval)");
        DoubleUnaryOperator px = x -> c.px(x / xMax);
        DoubleUnaryOperator py = y -> c.py((y - yLo) / (yHi - yLo));
        for (int t = 0; t <= 5; t++) {
            double x = xMax * t / 5;
            c.xTick(px.applyAsDouble(x), String.format(Locale.ROOT, "%,.0f", x));
        }
        c.yTicks(yLo, yHi, py);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            int x = (int) px.applyAsDouble(p.x());
            int y = (int) py.applyAsDouble(p.y());
            c.g.setColor(PALETTE[i % PALETTE.length]);
            if (p.peer()) {
                c.g.fillRect(x - 6, y - 6, 12, 12);
            } else {
                c.g.fillOval(x - 6, y - 6, 12, 12);
            }
            c.legend(i, p.label(), p.peer());
        }
        c.write(png);
    }

    /**
     * Writes the cumulative distribution of each phase's latencies (fraction of events at or
     * under x ms), with guides at the 50th, 95th and 99th percentile and a dashed line at the target.
     */
    public static void latencyDistribution(String title, List<Latencies> phases, long targetMs, Path png) throws IOException {
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("no latencies to plot");
        }
        double xMax = Math.max(targetMs, phases.stream().mapToLong(l -> l.millis()[l.millis().length - 1]).max().orElseThrow()) * 1.05;
        Canvas c = new Canvas(title, "latency (ms)", "fraction of events at or under");
        DoubleUnaryOperator px = x -> c.px(x / xMax);
        DoubleUnaryOperator py = c::py;
        for (int t = 0; t <= 5; t++) {
            double x = xMax * t / 5;
            c.xTick(px.applyAsDouble(x), String.format(Locale.ROOT, "%,.0f", x));
        }
        c.yTicks(0, 1, py);
        c.g.setColor(Color.LIGHT_GRAY);
        c.g.setStroke(new BasicStroke(1f));
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            int y = (int) py.applyAsDouble(q);
            c.g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            c.g.drawString("p" + Math.round(q * 100), LEFT + 4, y - 3);
        }
        c.g.setColor(Color.DARK_GRAY);
        c.g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
        int tx = (int) px.applyAsDouble(targetMs);
        c.g.drawLine(tx, TOP, tx, HEIGHT - BOTTOM);
        c.g.drawString("target " + targetMs + " ms", tx + 4, TOP + 12);
        c.g.setStroke(new BasicStroke(2f));
        for (int i = 0; i < phases.size(); i++) {
            long[] v = phases.get(i).millis();
            c.g.setColor(PALETTE[i % PALETTE.length]);
            int prevX = (int) px.applyAsDouble(0);
            int prevY = (int) py.applyAsDouble(0);
            for (int k = 0; k < v.length; k++) {
                int x = (int) px.applyAsDouble(v[k]);
                int y = (int) py.applyAsDouble((k + 1.0) / v.length);
                c.g.drawLine(prevX, prevY, x, prevY);
                c.g.drawLine(x, prevY, x, y);
                prevX = x;
                prevY = y;
            }
            c.legend(i, phases.get(i).label() + " (" + v.length + " events)", false);
        }
        c.write(png);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** A white image with a title, axes and labels; plot area in [LEFT, WIDTH-RIGHT] × [TOP, HEIGHT-BOTTOM]. */
    private static final class Canvas {
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();

        Canvas(String title, String xLabel, String yLabel) {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
            g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
            g.drawString(xLabel, (LEFT + WIDTH - RIGHT) / 2 - 50, HEIGHT - 15);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(yLabel, -(TOP + HEIGHT - BOTTOM) / 2 - 50, 20);
            rotated.dispose();
            g.setStroke(new BasicStroke(2f));
        }

        double px(double fraction) {
            return LEFT + fraction * (WIDTH - LEFT - RIGHT);
        }

        double py(double fraction) {
            return HEIGHT - BOTTOM - fraction * (HEIGHT - TOP - BOTTOM);
        }

        void xTick(double x, String label) {
            g.setColor(Color.BLACK);
            g.drawLine((int) x, HEIGHT - BOTTOM, (int) x, HEIGHT - BOTTOM + 5);
            g.drawString(label, (int) x - 3 * label.length(), HEIGHT - BOTTOM + 20);
        }

        void yTicks(double lo, double hi, DoubleUnaryOperator py) {
            g.setColor(Color.BLACK);
            for (int t = 0; t <= 5; t++) {
                double v = lo + (hi - lo) * t / 5;
                int y = (int) py.applyAsDouble(v);
                g.drawLine(LEFT - 5, y, LEFT, y);
                String label = String.format(Locale.ROOT, hi - lo >= 50 ? "%,.0f" : "%.1f", v);
                g.drawString(label, LEFT - 10 - 7 * label.length(), y + 4);
            }
        }

        void legend(int index, String label, boolean square) {
            int y = TOP + 10 + 18 * index;
            int x = WIDTH - RIGHT - 260;
            if (square) {
                g.fillRect(x, y - 9, 10, 10);
            } else {
                g.fillOval(x, y - 9, 10, 10);
            }
            g.setColor(Color.BLACK);
            g.drawString(label, x + 16, y);
        }

        void write(Path png) throws IOException {
            g.dispose();
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IOException("no PNG writer in this JVM");
            }
        }
    }
}
