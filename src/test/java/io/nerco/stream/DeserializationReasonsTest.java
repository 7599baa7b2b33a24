package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.registry.AvroDeserializationException;
import io.nerco.registry.DeserializationFailure;
import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class DeserializationReasonsTest {
    @Test
    void everyRegistryFailureTheRecordIsAtFaultForHasADeadLetterReason() {
        for (DeserializationFailure failure : DeserializationFailure.values()) {
            var error = new AvroDeserializationException(failure, OptionalInt.empty(), "x", null);
            assertThat(DeserializationReasons.classify(new SerializationException("wrapped", error)))
                    .as(failure.name())
                    .isEqualTo(failure.recordAtFault()
                            ? java.util.Optional.of(DeadLetterReason.valueOf(failure.name()))
                            : java.util.Optional.empty());
        }
    }

    @Test
    void otherFailuresAreUndecodable() {
        assertThat(DeserializationReasons.classify(new SerializationException("bad"))).contains(DeadLetterReason.UNDECODABLE);
    }
}
