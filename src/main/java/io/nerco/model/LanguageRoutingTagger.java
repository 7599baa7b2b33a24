package io.nerco.model;

import io.nerco.text.SegmentedText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Several bundles (or {@link CascadeTagger}s) behind one {@link Tagger}, one per language:
 * each document goes to the bundle of its declared language (the primary subtag of a BCP 47
 * tag), or, when it declares none or one without a bundle, of the language
 * {@link LanguageDetector} finds; a language without a bundle goes to the fallback, the first
 * bundle given. A batch is split by bundle,
 * each part tagged in one call, and the results put back in input order. Thread-safe; owns
 * and closes its taggers.
 */
public final class LanguageRoutingTagger implements Tagger {
    private final Map<String, Tagger> byLanguage;
    private final Tagger fallback;
    private final LanguageDetector detector = new LanguageDetector();

    /**
     * @param taggers at least one; the first is the fallback; no two of the same language
     * @throws IllegalArgumentException when two bundles claim one language
     */
    public LanguageRoutingTagger(List<? extends Tagger> taggers) {
        if (taggers.isEmpty()) {
            throw new IllegalArgumentException("no tagger to route to");
        }
        Map<String, Tagger> languages = new LinkedHashMap<>();
        for (Tagger tagger : taggers) {
            String language = languageKey(tagger);
            Tagger before = languages.putIfAbsent(language, tagger);
            if (before != null) {
                throw new IllegalArgumentException("two bundles for language '" + language + "': " + before.modelId().name()
                        + " and " + tagger.modelId().name());
            }
        }
        this.byLanguage = Collections.unmodifiableMap(languages); // in the order given
        this.fallback = taggers.getFirst();
    }

    /** The primary subtag of the tagger's language, "" when it has none: the key bundles are routed by. */
    static String languageKey(Tagger tagger) {
        return Objects.requireNonNullElse(LanguageDetector.primaryLanguage(tagger.language()), "");
    }

    /** The bundle that tags a document of this text and declared language (null: not declared). */
    @Override
    public Tagger forDocument(String text, String language) {
        Tagger declared = byLanguage.get(Objects.requireNonNullElse(LanguageDetector.primaryLanguage(language), ""));
        if (declared != null) {
            return declared;
        }
        return byLanguage.getOrDefault(detector.detect(text), fallback);
    }

    /** The languages with a bundle, each with its model. */
    public Map<String, ModelId> models() {
        Map<String, ModelId> models = new LinkedHashMap<>();
        byLanguage.forEach((language, tagger) -> models.put(language, tagger.modelId()));
        return models;
    }

    @Override
    public List<List<Entity>> tagAll(List<String> texts) {
        return routed(texts, text -> forDocument(text, null), Tagger::tagAll);
    }

    @Override
    public List<List<Entity>> tagSegmented(List<SegmentedText> documents) {
        return routed(documents, document -> forDocument(document.text(), null), Tagger::tagSegmented);
    }

    private interface Call<T> {
        List<List<Entity>> tag(Tagger tagger, List<T> documents);
    }

    private static <T> List<List<Entity>> routed(List<T> documents, Function<T, Tagger> route, Call<T> call) {
        Map<Tagger, List<Integer>> groups = BatchRouting.positionsByRoute(documents, route);
        List<List<Entity>> results = new ArrayList<>(Collections.nCopies(documents.size(), (List<Entity>) null));
        groups.forEach((tagger, positions) -> {
            List<List<Entity>> tagged = call.tag(tagger, positions.stream().map(documents::get).toList());
            for (int j = 0; j < positions.size(); j++) {
                results.set(positions.get(j), tagged.get(j));
            }
        });
        return results;
    }

    /** The fallback bundle's model; records carry the model of the bundle that tagged them. */
    @Override
    public ModelId modelId() {
        return fallback.modelId();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Tagger tagger : byLanguage.values()) {
            try {
                tagger.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
