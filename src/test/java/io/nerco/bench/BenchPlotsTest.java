package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plots on fake series: they must decode as PNGs of the documented size and not be blank. */
class BenchPlotsTest {

    @TempDir
    Path dir;

    @Test
    void writesThroughputAgainstBatchSizeAsAPng() throws Exception {
        Path png = dir.resolve("plots/throughput.png");
        BenchPlots.throughputByBatch("fake", "words per second", List.of(
                new BenchPlots.Series("fake fp32", new double[] {1, 2, 4, 8}, new double[] {100, 180, 300, 320}),
                new BenchPlots.Series("fake int8", new double[] {1, 2, 4, 8}, new double[] {200, 390, 650, 700})), png);

        assertDecodesWithDrawing(png);
    }

    @Test
    void writesQualityAgainstSpeedWithPeersAsAPng() throws Exception {
        Path png = dir.resolve("quality.png");
        BenchPlots.qualityVsSpeed("fake", List.of(
                new BenchPlots.Point("ours", 20_000, 88.0, false),
                new BenchPlots.Point("peer, 1 thr", 50_000, 89.1, true)), png);

        assertDecodesWithDrawing(png);
    }

    private static void assertDecodesWithDrawing(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(BenchPlots.WIDTH);
        assertThat(image.getHeight()).isEqualTo(BenchPlots.HEIGHT);
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16;
                int b = rgb & 0xff;
                if (r != b) {
                    coloured++;
                }
            }
        }
        assertThat(coloured).as("pixels drawn in a series colour").isGreaterThan(20);
    }
}
