package io.nerco.testing;

import io.nerco.registry.ApicurioLauncher;
import io.nerco.registry.SchemaRegistrySettings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 glue for a real Apicurio Registry per test class:
 * <pre>{@code
 * @RegisterExtension static final ApicurioRegistry REGISTRY = new ApicurioRegistry();
 * ... REGISTRY.confluentApiUrl() / REGISTRY.settings() / REGISTRY.serdeConfig()
 * }</pre>
 * Starts it before all tests (skipping them, saying why, when the build has not unpacked the
 * registry) and stops it after. Each start is an empty in-memory registry; use unique subjects.
 */
public final class ApicurioRegistry implements BeforeAllCallback, AfterAllCallback {
    private volatile ApicurioLauncher.Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        ApicurioLauncher launcher = ApicurioLauncher.fromEnvironment();
        Assumptions.assumeTrue(launcher.isAvailable(), () -> "no Apicurio registry at " + launcher.home().toAbsolutePath()
                + "; the Maven build unpacks it into target/apicurio (-D" + ApicurioLauncher.HOME_PROPERTY + ")");
        running = launcher.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /** The running registry; only between beforeAll and afterAll. */
    public ApicurioLauncher.Running running() {
        if (running == null) {
            throw new IllegalStateException("the registry runs only while the test class runs");
        }
        return running;
    }

    /** The {@code schema.registry.url}: {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
    public URI confluentApiUrl() {
        return running().confluentApiUrl();
    }

    /** Client settings for this registry with the defaults. */
    public SchemaRegistrySettings settings() {
        return SchemaRegistrySettings.of(confluentApiUrl());
    }

    /** Serde properties pointing at this registry. */
    public Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", confluentApiUrl().toString());
    }
}
