package io.nerco.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real bundles (random taggers that give different tags) behind one routing tagger. */
class LanguageRoutingTaggerTest {
    @TempDir
    static Path dir;
    private static Path english;
    private static Path chinese;
    private static Tagger routing;

    @BeforeAll
    static void open() throws IOException {
        english = FixtureBundle.write(dir.resolve("en"), 1, "en", "fixture-en");
        chinese = FixtureBundle.write(dir.resolve("zh"), 2, "zh", "fixture-zh");
        routing = Taggers.open(List.of(english, chinese), TaggerOptions.defaults());
    }

    @AfterAll
    static void close() {
        routing.close();
    }

    @Test
    void severalFoldersOpenOneRouterWithTheFirstAsFallback() {
        assertThat(routing).isInstanceOf(LanguageRoutingTagger.class);
        assertThat(routing.modelId().name()).isEqualTo("fixture-en");
        assertThat(Taggers.describe(routing)).isEqualTo("en fixture-en 0, zh fixture-zh 0");
    }

    @Test
    void aDeclaredLanguageWinsOverTheScriptAndUnknownOnesAreDetected() {
        assertThat(routing.forDocument("Plain English text.", "zh-Hans").modelId().name()).isEqualTo("fixture-zh");
        assertThat(routing.forDocument("南京市长江大桥", "en-GB").modelId().name()).isEqualTo("fixture-en");
        assertThat(routing.forDocument("南京市长江大桥", null).modelId().name()).isEqualTo("fixture-zh");
        assertThat(routing.forDocument("南京市长江大桥", "ja").modelId().name()).as("no ja bundle: detected").isEqualTo("fixture-zh");
        assertThat(routing.forDocument("Guten Tag aus Berlin", "de").modelId().name()).isEqualTo("fixture-en");
    }

    @Test
    void aMixedBatchGivesEachDocumentWhatItsOwnBundleGivesInInputOrder() {
        List<String> texts = List.of("EU rejects German call to boycott British lamb .", "南京市长江大桥于1968年建成通车。",
                "Peter Blackburn reports from Brussels .", "国务院总理在北京会见了联合国秘书长。");
        List<List<Entity>> routed = routing.tagAll(texts);

        List<List<Entity>> expected = new ArrayList<>();
        try (OnnxTagger en = Taggers.open(english); OnnxTagger zh = Taggers.open(chinese)) {
            for (String text : texts) {
                expected.add((text.chars().anyMatch(c -> c > 0x4e00) ? zh : en).tag(text));
            }
            assertThat(routed).isEqualTo(expected);
            // the two random taggers really differ, so a wrong route would show
            assertThat(zh.tagAll(texts)).isNotEqualTo(en.tagAll(texts));
        }
    }

    @Test
    void twoBundlesOfOneLanguageAreRefused() {
        assertThatThrownBy(() -> Taggers.open(List.of(english, english), TaggerOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two bundles for language 'en'");
    }
}
