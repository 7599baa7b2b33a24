package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void readsRssAndPeakInKilobytes() {
        ProcessMemory memory = ProcessMemory.parse(List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmHWM:\t  1048576 kB",
                "VmRSS:\t   524288 kB", "Threads:\t42"));

        assertThat(memory.rssBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(memory.peakBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(memory.rssMiB()).isEqualTo(512.0);
        assertThat(memory.peakMiB()).isEqualTo(1024.0);
    }

    @Test
    void aMissingOrOddLineIsAnError() {
        assertThatThrownBy(() -> ProcessMemory.parse(List.of("VmRSS:\t 12 kB"))).hasMessageContaining("no VmHWM");
        assertThatThrownBy(() -> ProcessMemory.parse(List.of("VmRSS:\t 12 MB", "VmHWM:\t 12 kB")))
                .hasMessageContaining("unexpected VmRSS line");
        assertThatThrownBy(() -> ProcessMemory.parse(List.of("VmRSS:\t x kB", "VmHWM:\t 12 kB")))
                .hasMessageContaining("unexpected VmRSS line");
    }

    @Test
    void thisProcessHasResidentMemoryUnderItsPeak() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc (not Linux)");
        ProcessMemory memory = ProcessMemory.now();

        assertThat(memory.rssBytes()).isPositive();
        assertThat(memory.peakBytes()).isGreaterThanOrEqualTo(memory.rssBytes());
    }
}
