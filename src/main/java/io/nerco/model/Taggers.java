package io.nerco.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Opens taggers. */
public final class Taggers {

    private Taggers() {}

    /**
     * Opens the model folder (a Nerco bundle or a Hugging Face token-classification export).
     *
     * @return a thread-safe tagger the caller owns and closes
     * @throws InvalidBundleException naming the file at fault
     */
    public static OnnxTagger open(Path modelDir, TaggerOptions options) {
        return new OnnxTagger(ModelBundle.load(modelDir), options);
    }

    /**
     * Opens one bundle per language: one folder gives its {@link OnnxTagger}, several a
     * {@link LanguageRoutingTagger} whose fallback is the first.
     *
     * @throws InvalidBundleException naming the file at fault (the bundles opened so far are closed)
     * @throws IllegalArgumentException when the list is empty or two bundles claim one language
     */
    public static Tagger open(List<Path> modelDirs, TaggerOptions options) {
        if (modelDirs.size() == 1) {
            return open(modelDirs.getFirst(), options);
        }
        List<OnnxTagger> taggers = new ArrayList<>();
        try {
            for (Path dir : modelDirs) {
                taggers.add(open(dir, options));
            }
            return new LanguageRoutingTagger(taggers);
        } catch (RuntimeException e) {
            taggers.forEach(OnnxTagger::close);
            throw e;
        }
    }

    /**
     * Like {@link #open(List, TaggerOptions)}, with each bundle of {@code accurateDirs} cascaded behind the
     * bundle of its language ({@link CascadeTagger}): its sentences the fast bundle is less sure of than
     * {@code below} are tagged again by the accurate one.
     *
     * @throws IllegalArgumentException when an accurate bundle's language has no bundle in {@code modelDirs},
     *                                  or two accurate bundles claim one language
     */
    public static Tagger open(List<Path> modelDirs, List<Path> accurateDirs, double below, TaggerOptions options) {
        if (accurateDirs.isEmpty()) {
            return open(modelDirs, options);
        }
        List<OnnxTagger> opened = new ArrayList<>();
        try {
            List<OnnxTagger> fast = new ArrayList<>();
            for (Path dir : modelDirs) {
                fast.add(open(dir, options));
            }
            opened.addAll(fast);
            Map<String, OnnxTagger> accurateByLanguage = new LinkedHashMap<>();
            for (Path dir : accurateDirs) {
                OnnxTagger accurate = open(dir, options);
                opened.add(accurate);
                if (accurateByLanguage.putIfAbsent(LanguageRoutingTagger.languageKey(accurate), accurate) != null) {
                    throw new IllegalArgumentException("two accurate bundles for language '" + LanguageRoutingTagger.languageKey(accurate) + "'");
                }
            }
            List<Tagger> taggers = new ArrayList<>();
            for (OnnxTagger tagger : fast) {
                OnnxTagger accurate = accurateByLanguage.remove(LanguageRoutingTagger.languageKey(tagger));
                taggers.add(accurate == null ? tagger : new CascadeTagger(tagger, accurate, below));
            }
            if (!accurateByLanguage.isEmpty()) {
                throw new IllegalArgumentException("no model bundle for the language of accurate bundle(s) "
                        + accurateByLanguage.values().stream().map(t -> t.bundle().dir().toString()).toList());
            }
            return taggers.size() == 1 ? taggers.getFirst() : new LanguageRoutingTagger(taggers);
        } catch (RuntimeException e) {
            opened.forEach(OnnxTagger::close);
            throw e;
        }
    }

    /**
     * The models behind a tagger for people, one per language: {@code en nerco-x 3, zh nerco-y 1}; a cascade as
     * {@code en nerco-x 3 (below 0.8: nerco-y 1)}.
     */
    public static String describe(Tagger tagger) {
        if (tagger instanceof LanguageRoutingTagger routing) {
            List<String> parts = new ArrayList<>();
            routing.models().keySet().forEach(language -> parts.add(describe(routing.forDocument("", language))));
            return String.join(", ", parts);
        }
        String language = tagger.language() != null ? tagger.language() + " " : "";
        if (tagger instanceof CascadeTagger cascade) {
            ModelId accurate = cascade.accurate().modelId();
            return language + cascade.fast().modelId().name() + " " + cascade.fast().modelId().version()
                    + " (below " + cascade.threshold() + ": " + accurate.name() + " " + accurate.version() + ")";
        }
        return language + tagger.modelId().name() + " " + tagger.modelId().version();
    }

    /** Opens the model folder with {@link TaggerOptions#defaults()}. */
    public static OnnxTagger open(Path modelDir) {
        return open(modelDir, TaggerOptions.defaults());
    }
}
