package io.nerco.registry;

import java.util.Map;

/**
 * The registry client of one serializer or deserializer: either given (shared, not closed
 * here) or made from configuration (owned, closed here). Thread-safe.
 */
final class RegistryClientHolder implements AutoCloseable {
    private volatile SchemaRegistryClient client;
    private final boolean owned;

    RegistryClientHolder() {
        this.owned = true;
    }

    RegistryClientHolder(SchemaRegistryClient shared) {
        this.client = java.util.Objects.requireNonNull(shared, "client");
        this.owned = false;
    }

    synchronized void configure(Map<String, ?> configs) {
        if (owned && client == null) {
            client = new SchemaRegistryClient(RegistryConfig.clientSettings(configs));
        }
    }

    SchemaRegistryClient get() {
        SchemaRegistryClient c = client;
        if (c == null) {
            throw new IllegalStateException("not configured: call configure() with " + RegistryConfig.SCHEMA_REGISTRY_URL
                    + " or pass a SchemaRegistryClient");
        }
        return c;
    }

    @Override
    public synchronized void close() {
        if (owned && client != null) {
            client.close();
            client = null;
        }
    }
}
