package io.nerco.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** The models behind a tagger for people, one per language: {@code en nerco-x 3, zh nerco-y 1}. */
    public static String describe(Tagger tagger) {
        if (tagger instanceof LanguageRoutingTagger routing) {
            List<String> parts = new ArrayList<>();
            routing.models().forEach((language, id) -> parts.add(language + " " + id.name() + " " + id.version()));
            return String.join(", ", parts);
        }
        String language = tagger instanceof OnnxTagger onnx && onnx.language() != null ? onnx.language() + " " : "";
        return language + tagger.modelId().name() + " " + tagger.modelId().version();
    }

    /** Opens the model folder with {@link TaggerOptions#defaults()}. */
    public static OnnxTagger open(Path modelDir) {
        return open(modelDir, TaggerOptions.defaults());
    }
}
