package io.nerco.stream;

import io.nerco.model.Entity;
import io.nerco.model.ModelId;
import io.nerco.model.Tagger;
import io.nerco.text.SegmentedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic test tagger: every run of capitalised words is an entity; ORG when its last
 * word is a company suffix, LOC after "in", PER otherwise. A text containing
 * {@link #POISON} makes any batch holding it fail, as a model bug would. Records the size of
 * every batch it is given. Thread-safe.
 */
final class CapitalisedWordTagger implements Tagger {
    static final String POISON = "#fail#";
    private static final Pattern RUN = Pattern.compile("\\p{Lu}[\\p{L}.&'-]*(?:\\s+\\p{Lu}[\\p{L}.&'-]*)*");
    private static final Set<String> COMPANY = Set.of("Corp", "Corp.", "Inc", "Inc.", "Ltd", "Group", "Bank");
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final String modelName;

    CapitalisedWordTagger() {
        this("capitalised-words");
    }

    /** A tagger that stamps another model name, to tell two apart. */
    CapitalisedWordTagger(String modelName) {
        this.modelName = modelName;
    }

    @Override
    public List<List<Entity>> tagAll(List<String> texts) {
        batchSizes.add(texts.size());
        if (texts.stream().anyMatch(t -> t.contains(POISON))) {
            throw new IllegalStateException("test tagger refuses a text with " + POISON);
        }
        return texts.stream().map(CapitalisedWordTagger::tagOne).toList();
    }

    private static List<Entity> tagOne(String text) {
        List<Entity> entities = new ArrayList<>();
        Matcher m = RUN.matcher(text);
        while (m.find()) {
            String span = m.group();
            String[] words = span.split("\\s+");
            String before = text.substring(0, m.start()).stripTrailing();
            String type = COMPANY.contains(words[words.length - 1]) ? "ORG" : before.endsWith(" in") ? "LOC" : "PER";
            entities.add(new Entity(span, type, m.start(), m.end(), 0.9));
        }
        return entities;
    }

    @Override
    public List<List<Entity>> tagSegmented(List<SegmentedText> documents) {
        return tagAll(documents.stream().map(SegmentedText::text).toList());
    }

    @Override
    public ModelId modelId() {
        return new ModelId(modelName, "test");
    }

    /** Sizes of the batches seen so far, in call order. */
    List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    @Override
    public void close() {
    }
}
