package io.nerco.stream;

import io.nerco.model.Entity;
import io.nerco.model.ModelId;
import io.nerco.model.Tagger;
import io.nerco.text.SegmentedText;
import java.util.List;

/**
 * A test router over two taggers: documents that declare Chinese go to one, the rest to the
 * other, as {@code LanguageRoutingTagger} does with bundles. It never tags itself, so a
 * processor that forgets to route fails.
 */
final class DeclaredLanguageRouter implements Tagger {
    private final Tagger english;
    private final Tagger chinese;

    DeclaredLanguageRouter(Tagger english, Tagger chinese) {
        this.english = english;
        this.chinese = chinese;
    }

    @Override
    public Tagger forDocument(String text, String language) {
        return "zh".equals(language) ? chinese : english;
    }

    @Override
    public List<List<Entity>> tagAll(List<String> texts) {
        throw new AssertionError("the processor tags through the routed taggers");
    }

    @Override
    public List<List<Entity>> tagSegmented(List<SegmentedText> documents) {
        throw new AssertionError("the processor tags through the routed taggers");
    }

    @Override
    public ModelId modelId() {
        return new ModelId("router", "test");
    }

    @Override
    public void close() {
    }
}
