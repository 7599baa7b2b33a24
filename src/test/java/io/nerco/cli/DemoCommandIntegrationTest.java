package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nerco.model.FixtureBundle;
import io.nerco.registry.ApicurioLauncher;
import io.nerco.testing.ListeningSockets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nerco demo --events N} end to end: embedded broker, real registry, real ONNX tagger
 * (two fixture bundles, English and Chinese, so the feed's Chinese item goes to the second);
 * every socket the demo (or its registry child) listens on is on loopback.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DemoCommandIntegrationTest {

    @Test
    void tagsTheFirstEventsOfTheFeedAndExitsCleanly(@TempDir Path dir) throws Exception {
        assumeTrue(ApicurioLauncher.fromEnvironment().isAvailable(), "no Apicurio registry unpacked (run through Maven)");
        Path english = FixtureBundle.write(dir.resolve("en"), 7);
        Path chinese = FixtureBundle.write(dir.resolve("zh"), 8, "zh", "fixture-zh");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new DemoCommand()).setOut(new PrintWriter(out));

        Set<String> listening = ConcurrentHashMap.newKeySet();
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                listening.addAll(ListeningSockets.ofThisProcessTree());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Set<String> before = ListeningSockets.ofThisProcessTree();

        int exit = command.execute("--model", english + "," + chinese, "--events", "12");
        watcher.interrupt();
        watcher.join();

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("[12/12]").contains("12 events tagged.").contains("models en fixture-minilm-random 0, zh fixture-zh 0");
        // the eleventh item of the feed is the first Chinese one
        assertThat(out.toString().lines().filter(l -> l.contains(", batch ")))
                .filteredOn(l -> l.contains("fixture-zh")).hasSize(1);
        assertThat(out.toString().lines().filter(l -> l.contains(", batch ")))
                .filteredOn(l -> l.contains("fixture-minilm-random")).hasSize(11);
        if (ListeningSockets.supported()) {
            listening.removeAll(before);
            // broker, controller, registry HTTP and registry management
            assertThat(listening).as("listeners the demo opened").hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(address -> assertThat(ListeningSockets.isLoopback(address)).as(address).isTrue());
        }
    }
}
