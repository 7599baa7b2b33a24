package io.nerco.model;

import java.nio.file.Path;

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

    /** Opens the model folder with {@link TaggerOptions#defaults()}. */
    public static OnnxTagger open(Path modelDir) {
        return open(modelDir, TaggerOptions.defaults());
    }
}
