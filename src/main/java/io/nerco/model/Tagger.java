package io.nerco.model;

import io.nerco.text.SegmentedText;
import java.util.List;

/**
 * Raw text in, entities with exact offsets out. Implementations are thread-safe and own
 * their native resources: whoever creates a tagger closes it, after every caller is done.
 */
public interface Tagger extends AutoCloseable {

    /**
     * Tags a batch of documents in one pass; the batch is the unit of inference cost.
     *
     * @param texts documents, none null
     * @return for each document, its entities in text order
     */
    List<List<Entity>> tagAll(List<String> texts);

    /**
     * Tags documents whose sentences and words are already known (gold tokenisation for
     * evaluation, or a caller's own segmenter). {@link #tagAll} segments and calls this.
     *
     * @param documents segmented documents, none null
     * @return for each document, its entities in text order, offsets into its text
     */
    List<List<Entity>> tagSegmented(List<SegmentedText> documents);

    /** Tags one document. */
    default List<Entity> tag(String text) {
        return tagAll(List.of(text)).getFirst();
    }

    /**
     * The tagger that handles a document of this text and declared language: this one, or for
     * a tagger that routes by language ({@link LanguageRoutingTagger}) the bundle it picks.
     * Callers that stamp the model on their output tag a document with the tagger returned
     * here and take {@link #modelId()} from it.
     *
     * @param language the document's BCP 47 language tag; null when the producer did not say
     */
    default Tagger forDocument(String text, String language) {
        return this;
    }

    /** Name and version of the model behind this tagger, for output records. */
    ModelId modelId();

    /** The BCP 47 language the model was trained for, or null when it does not say (or serves several). */
    default String language() {
        return null;
    }

    @Override
    void close();
}
