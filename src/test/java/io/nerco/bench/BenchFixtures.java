package io.nerco.bench;

/** A two-document CoNLL-2003 fixture shared by the bench tests (three sentences, nine words). */
public final class BenchFixtures {

    private BenchFixtures() {}

    public static final String CONLL = """
            -DOCSTART- -X- -X- O

            EU NNP B-NP B-ORG
            rejects VBZ B-VP O
            German JJ B-NP B-MISC
            call NN I-NP O
            . . O O

            Peter NNP B-NP B-PER
            Blackburn NNP I-NP I-PER

            -DOCSTART- -X- -X- O

            BRUSSELS NNP B-NP B-LOC
            1996-08-22 CD I-NP O
            """;
}
