package io.nerco.model;

import java.util.Objects;

/** The name and version of a model bundle, as stamped on output records. */
public record ModelId(String name, String version) {
    public ModelId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
