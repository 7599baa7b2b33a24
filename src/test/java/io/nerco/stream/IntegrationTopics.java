package io.nerco.stream;

import io.nerco.registry.SchemaRegistryClient;

/** Unique topic names with registry serdes for tests against a real broker and registry. */
final class IntegrationTopics {
    private IntegrationTopics() {
    }

    /** Topics named {@code prefix-...}, values in the Confluent wire format through {@code registry}. */
    static TaggingTopics named(String prefix, SchemaRegistryClient registry) {
        return TaggingTopics.withRegistry(prefix + "-text-events", prefix + "-entities", prefix + "-entity-mentions",
                prefix + "-dead-letters", registry);
    }
}
