package io.nerco.stream;

import io.nerco.avro.QualityAlert;
import io.nerco.avro.QualityAlertReason;
import io.nerco.avro.QualityReport;
import io.nerco.avro.TypeQuality;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides which alerts a closed window raises: for each entity type of the window and for
 * {@code overall}, one alert when its F1 is below the floor and one when it fell by more than
 * the allowed drop since the previous reported window. A type with neither gold nor predicted
 * spans in a window has no F1 and raises nothing; a drop needs the type in both windows.
 * Stateless and thread-safe.
 */
final class QualityAlerts {
    private final double f1Floor;
    private final double maxF1Drop;

    QualityAlerts(double f1Floor, double maxF1Drop) {
        this.f1Floor = f1Floor;
        this.maxF1Drop = maxF1Drop;
    }

    /**
     * @param report   the window just closed, not null
     * @param previous the window reported before it, null for the first
     * @return the alerts, overall first, then by type; empty when all is well
     */
    List<QualityAlert> check(QualityReport report, QualityReport previous) {
        Map<String, TypeQuality> before = previous == null ? Map.of() : lines(previous).stream()
                .collect(Collectors.toMap(TypeQuality::getType, Function.identity()));
        List<QualityAlert> alerts = new ArrayList<>();
        for (TypeQuality now : lines(report)) {
            if (now.getTruePositives() + now.getFalsePositives() + now.getFalseNegatives() == 0) {
                continue;
            }
            if (now.getF1() < f1Floor) {
                alerts.add(alert(report, now, QualityAlertReason.BELOW_FLOOR, f1Floor, null,
                        String.format("%s F1 %.4f is below the floor %.4f", now.getType(), now.getF1(), f1Floor)));
            }
            TypeQuality then = before.get(now.getType());
            if (then != null && then.getTruePositives() + then.getFalsePositives() + then.getFalseNegatives() > 0
                    && then.getF1() - now.getF1() > maxF1Drop) {
                alerts.add(alert(report, now, QualityAlertReason.DROPPED, null, then.getF1(),
                        String.format("%s F1 fell from %.4f to %.4f, more than the allowed %.4f", now.getType(),
                                then.getF1(), now.getF1(), maxF1Drop)));
            }
        }
        return alerts;
    }

    private static List<TypeQuality> lines(QualityReport report) {
        List<TypeQuality> lines = new ArrayList<>(report.getByType().size() + 1);
        lines.add(report.getOverall());
        lines.addAll(report.getByType());
        return lines;
    }

    private static QualityAlert alert(QualityReport report, TypeQuality line, QualityAlertReason reason, Double floor,
            Double previousF1, String message) {
        return QualityAlert.newBuilder()
                .setWindowStart(report.getWindowStart())
                .setWindowEnd(report.getWindowEnd())
                .setModelName(report.getModelName())
                .setModelVersion(report.getModelVersion())
                .setType(line.getType())
                .setF1(line.getF1())
                .setReason(reason)
                .setFloor(floor)
                .setPreviousF1(previousF1)
                .setMessage(message)
                .build();
    }
}
