/**
 * Schema Registry: the Confluent wire format and a client for the Confluent REST API, with
 * Kafka serdes for Avro, and a launcher for a real Apicurio Registry.
 *
 * <ul>
 *   <li>{@link io.nerco.registry.WireFormat}: magic byte 0, 4-byte big-endian schema id, Avro
 *       body; broken frames throw {@link io.nerco.registry.PayloadTooShortException},
 *       {@link io.nerco.registry.UnknownMagicByteException},
 *       {@link io.nerco.registry.TruncatedPayloadException}.</li>
 *   <li>{@link io.nerco.registry.SchemaRegistryClient}: register, id of a registered schema,
 *       schema by id, latest version; caching, timeouts, retries with backoff and jitter,
 *       basic auth and TLS from {@link io.nerco.registry.SchemaRegistrySettings}.</li>
 *   <li>{@link io.nerco.registry.AvroSerde}, {@link io.nerco.registry.AvroSerializer},
 *       {@link io.nerco.registry.AvroDeserializer}: Kafka serdes configured with Confluent's
 *       keys ({@link io.nerco.registry.RegistryConfig}); every read failure is an
 *       {@link io.nerco.registry.AvroDeserializationException} with a
 *       {@link io.nerco.registry.DeserializationFailure} reason.</li>
 *   <li>{@link io.nerco.registry.ApicurioLauncher}: starts Apicurio Registry 3.x (in memory,
 *       loopback) as a child process for tests and {@code demo}.</li>
 * </ul>
 */
package io.nerco.registry;
