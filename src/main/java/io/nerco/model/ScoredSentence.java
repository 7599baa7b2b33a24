package io.nerco.model;

import io.nerco.text.Sentence;
import java.util.List;

/**
 * One sentence as a tagger saw it.
 *
 * @param sentence   the sentence, offsets into its document's text
 * @param entities   its entities in text order
 * @param confidence the probability the model's CRF gives the whole label sequence it chose
 *                   ({@link ViterbiDecoder#pathProbability}), in [0, 1]
 */
public record ScoredSentence(Sentence sentence, List<Entity> entities, double confidence) {
    public ScoredSentence {
        entities = List.copyOf(entities);
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence outside [0, 1]: " + confidence);
        }
    }
}
