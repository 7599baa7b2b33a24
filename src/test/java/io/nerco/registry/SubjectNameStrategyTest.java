package io.nerco.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nerco.registry.fixture.Greeting;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {
    private static final Schema GREETING = Greeting.getClassSchema();

    @Test
    void topicNameStrategySuffixesKeyOrValue() {
        assertThat(new TopicNameStrategy().subjectName("news", false, GREETING)).isEqualTo("news-value");
        assertThat(new TopicNameStrategy().subjectName("news", true, GREETING)).isEqualTo("news-key");
    }

    @Test
    void topicNameStrategyNamesPrimitiveSchemas() {
        assertThat(new TopicNameStrategy().subjectName("ids", true, Schema.create(Schema.Type.STRING))).isEqualTo("ids-key");
    }

    @Test
    void recordNameStrategyUsesFullRecordName() {
        assertThat(new RecordNameStrategy().subjectName("news", false, GREETING))
                .isEqualTo("io.nerco.registry.fixture.Greeting");
    }

    @Test
    void topicRecordNameStrategyJoinsTopicAndFullName() {
        assertThat(new TopicRecordNameStrategy().subjectName("news", true, GREETING))
                .isEqualTo("news-io.nerco.registry.fixture.Greeting");
    }

    @Test
    void recordStrategiesRefuseUnnamedSchemas() {
        assertThatThrownBy(() -> new RecordNameStrategy().subjectName("t", false, Schema.create(Schema.Type.LONG)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LONG");
    }

    @Test
    void resolvesPlainAndConfluentClassNames() {
        assertThat(SubjectNameStrategy.named("RecordNameStrategy")).isInstanceOf(RecordNameStrategy.class);
        assertThat(SubjectNameStrategy.named("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
                .isInstanceOf(TopicRecordNameStrategy.class);
        assertThat(SubjectNameStrategy.named(TopicNameStrategy.class.getName())).isInstanceOf(TopicNameStrategy.class);
    }

    @Test
    void resolvesCustomClass() {
        assertThat(SubjectNameStrategy.named(Fixed.class.getName()).subjectName("t", false, GREETING)).isEqualTo("fixed");
    }

    @Test
    void unknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> SubjectNameStrategy.named("NoSuchStrategy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TopicNameStrategy");
        assertThatThrownBy(() -> SubjectNameStrategy.named(String.class.getName()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not implement");
    }

    public static final class Fixed implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return "fixed";
        }
    }
}
