/**
 * Streaming: the tagging and quality topologies, the batching processor, serdes,
 * dead letters and metrics, on Kafka Streams.
 */
package io.nerco.stream;
