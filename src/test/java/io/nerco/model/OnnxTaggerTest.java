package io.nerco.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nerco.text.NewsSegmenter;
import io.nerco.text.SegmentedText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through real ONNX Runtime sessions on the fixture bundle. */
class OnnxTaggerTest {

    @TempDir
    static Path dir;

    static OnnxTagger tagger;

    @BeforeAll
    static void open() throws Exception {
        tagger = Taggers.open(FixtureBundle.write(dir.resolve("bundle"), 7), TaggerOptions.defaults().withMaxBatchSize(4));
    }

    @AfterAll
    static void close() {
        if (tagger != null) {
            tagger.close();
        }
    }

    @Test
    void entitiesPointIntoTheOriginalText() {
        List<String> texts = List.of(
                "EU rejects German call to boycott British lamb .",
                "  Peter Blackburn met Angela Merkel in Berlin on Monday. 👩‍👩‍👧 cafe\u0301 Zürich!  ",
                "東京都の大学で李明が講演した。",
                "");
        List<List<Entity>> result = tagger.tagAll(texts);
        assertThat(result).hasSize(texts.size());
        assertThat(result.get(3)).isEmpty();
        for (int d = 0; d < texts.size(); d++) {
            for (Entity e : result.get(d)) {
                assertThat(texts.get(d).substring(e.start(), e.end())).isEqualTo(e.text());
                assertThat(FixtureBundle.LABELS).contains("B-" + e.type());
            }
        }
    }

    @Test
    void aBatchGivesWhatSingleCallsGive() {
        List<String> texts = List.of("Short one .", "A much longer sentence about Kafka Streams and ONNX Runtime in Java .", "Mid length text here .");
        List<List<Entity>> batched = tagger.tagAll(texts);
        List<List<Entity>> single = new ArrayList<>();
        for (String t : texts) {
            single.add(tagger.tag(t));
        }
        assertThat(batched).hasSameSizeAs(single);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batched.get(i)).extracting(Entity::start, Entity::end, Entity::type)
                    .isEqualTo(single.get(i).stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.start(), e.end(), e.type())).toList());
        }
    }

    @Test
    void sentencesLongerThanTheWindowAreTaggedWhole() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("Word").append(i).append(' ');
        }
        String doc = text.toString();
        SegmentedText segmented = new SegmentedText(doc, new NewsSegmenter().segment(doc));
        assertThat(segmented.sentences()).hasSize(1);
        List<Entity> entities = tagger.tagSegmented(List.of(segmented)).getFirst();
        for (Entity e : entities) {
            assertThat(doc.substring(e.start(), e.end())).isEqualTo(e.text());
        }
    }

    @Test
    void textOverTheLimitIsAClearError() {
        try (OnnxTagger small = Taggers.open(dir.resolve("bundle"), TaggerOptions.defaults().withMaxTextLength(10))) {
            assertThatThrownBy(() -> small.tag("this text is longer than ten chars"))
                    .isInstanceOf(TextTooLongException.class).hasMessageContaining("limit of 10");
        }
    }

    @Test
    void stampsTheModelId() {
        assertThat(tagger.modelId()).isEqualTo(new ModelId("fixture-minilm-random", "0"));
    }

    @Test
    void wordEmissionsAreTheRowsTheTaggerDecodes() {
        String text = "Peter Blackburn met Angela Merkel in Berlin on Monday . " + "Kafka Streams in Zürich ".repeat(80) + ".";
        List<List<String>> sentences = new NewsSegmenter().segment(text).stream()
                .map(s -> s.tokens().stream().map(io.nerco.text.Token::text).toList()).toList();
        List<float[][]> rows = tagger.wordEmissions(sentences);
        assertThat(rows).hasSize(sentences.size());
        ViterbiDecoder decoder = new ViterbiDecoder(tagger.bundle().labels(), tagger.bundle().manifest().crf());
        List<String> types = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            assertThat(rows.get(i)).hasNumberOfRows(sentences.get(i).size());
            for (int label : decoder.decode(rows.get(i))) {
                if (tagger.bundle().labels().isBegin(label)) {
                    types.add(tagger.bundle().labels().type(label));
                }
            }
        }
        assertThat(types).as("the random fixture tagger finds something").isNotEmpty();
        assertThat(types).as("a 400-word sentence is cut into windows; the rows follow them")
                .isEqualTo(tagger.tag(text).stream().map(Entity::type).toList());
    }
}
