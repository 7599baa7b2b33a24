package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.avro.QualityAlert;
import io.nerco.avro.QualityReport;
import io.nerco.eval.EvalCounts;
import io.nerco.eval.TypeCounts;
import io.nerco.model.ModelId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityAlertsTest {
    private static final ModelId MODEL = new ModelId("m", "1");

    private static QualityReport report(Map<String, TypeCounts> byType) {
        return QualityReports.report(0, 60_000, MODEL, new EvalCounts(3, byType), 0);
    }

    @Test
    void aTypeWithoutGoldOrPredictedSpansRaisesNothing() {
        QualityReport empty = report(Map.of("PER", TypeCounts.ZERO));

        assertThat(new QualityAlerts(0.9, 0.0).check(empty, null)).isEmpty();
    }

    @Test
    void aDropNeedsTheTypeInTheLastWindowAndMustExceedTheAllowance() {
        QualityReport before = report(Map.of("PER", new TypeCounts(8, 2, 2, 0, 0))); // F1 0.8
        QualityReport slightly = report(Map.of("PER", new TypeCounts(7, 3, 3, 0, 0))); // F1 0.7
        QualityReport newType = report(Map.of("ORG", new TypeCounts(1, 9, 9, 0, 0)));
        QualityAlerts alerts = new QualityAlerts(0.0, 0.15);

        assertThat(alerts.check(slightly, before)).isEmpty();
        assertThat(alerts.check(newType, before)).extracting(QualityAlert::getType).containsExactly("overall");
    }

    @Test
    void theFloorIsStrict() {
        QualityReport half = report(Map.of("LOC", new TypeCounts(1, 1, 1, 0, 0))); // F1 0.5

        assertThat(new QualityAlerts(0.5, 1.0).check(half, null)).isEmpty();
        assertThat(new QualityAlerts(0.51, 1.0).check(half, null)).extracting(a -> a.getType() + "/" + a.getReason())
                .containsExactly("overall/BELOW_FLOOR", "LOC/BELOW_FLOOR");
    }
}
