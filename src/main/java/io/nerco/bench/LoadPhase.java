package io.nerco.bench;

/**
 * What one load phase of the streaming benchmark measured. Immutable.
 *
 * @param name            "saturation" (all events sent at once) or "load" (events at a fixed rate)
 * @param offeredPerSecond events per second offered, NaN for saturation
 * @param events          events sent
 * @param tagged          entity records read back
 * @param deadLettered    events that came back on the dead-letter topic instead
 * @param missing         events with no output when the wait ended
 * @param unexpected      outputs read twice or not sent in this phase (0 under exactly-once)
 * @param eventsPerSecond sustained output rate, see {@link StreamBench} for how it is counted
 * @param wordsPerSecond  the same for words (the serving segmenter's count)
 * @param latency         readable-at minus event timestamp of every tagged event
 */
public record LoadPhase(String name, double offeredPerSecond, int events, int tagged, int deadLettered, int missing,
        int unexpected, double eventsPerSecond, double wordsPerSecond, LatencyStats latency) {}
