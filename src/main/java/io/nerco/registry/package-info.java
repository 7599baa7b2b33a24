/**
 * Schema Registry: a client for the Confluent REST API (register, look up by id, subject
 * naming) and the Confluent wire format, with caching, timeouts and retries.
 */
package io.nerco.registry;
