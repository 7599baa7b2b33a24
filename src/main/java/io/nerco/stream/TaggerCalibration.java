package io.nerco.stream;

import io.nerco.model.CascadeTagger;
import io.nerco.model.LanguageRoutingTagger;
import io.nerco.model.Tagger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures {@link TaggingSettings#worstCaseEventMs} for the model actually loaded, on this
 * machine, instead of assuming it: a bundle of BERT-base's width is several times slower than a
 * MiniLM one, and a batch size that is safe for one outlasts the transaction with the other.
 *
 * <p>The worst text is one subword per character (Han characters, or any character a
 * vocabulary lacks, which becomes one unknown token), so the probe is {@value #PROBE_CHARS} Han
 * characters in sentences; its time, scaled linearly to {@code maxTextChars} (windows are
 * independent), times {@value #SAFETY} for a machine busier than at start-up, is the estimate.
 * Each bundle of a {@link LanguageRoutingTagger} is measured; the slowest counts. A
 * {@link CascadeTagger} counts as both its models, as if it deferred every sentence.
 */
public final class TaggerCalibration {
    private static final Logger LOG = LoggerFactory.getLogger(TaggerCalibration.class);
    static final int PROBE_CHARS = 1_000;
    static final int SAFETY = 2;
    private static final String SENTENCE = "南京市长江大桥于一九六八年建成通车，是中国自行设计建造的第一座双层铁路公路两用桥。";

    private TaggerCalibration() {}

    /** The probe text: sentences of Han characters, exactly {@value #PROBE_CHARS} characters. */
    static String probe() {
        return SENTENCE.repeat(PROBE_CHARS / SENTENCE.length() + 1).substring(0, PROBE_CHARS);
    }

    /** The estimated worst tagging time, in ms, of one event of {@code maxTextChars} characters; at least 1. */
    public static long worstCaseEventMs(Tagger tagger, int maxTextChars) {
        double perChar = (double) worstProbeNanos(tagger, probe()) / PROBE_CHARS / 1_000_000.0;
        return Math.max(1, (long) Math.ceil(perChar * maxTextChars * SAFETY));
    }

    /**
     * The probe's time on the slowest bundle of a router; on a cascade, its fast and accurate models' times
     * added, since at worst every sentence is deferred.
     */
    private static long worstProbeNanos(Tagger tagger, String probe) {
        if (tagger instanceof LanguageRoutingTagger routing) {
            long worst = 0;
            for (String language : routing.models().keySet()) {
                worst = Math.max(worst, worstProbeNanos(routing.forDocument(probe, language), probe));
            }
            return worst;
        }
        if (tagger instanceof CascadeTagger cascade) {
            return worstProbeNanos(cascade.fast(), probe) + worstProbeNanos(cascade.accurate(), probe);
        }
        tagger.tag(probe.substring(0, 100)); // warm-up: sessions allocate on their first run
        long t0 = System.nanoTime();
        tagger.tag(probe);
        long nanos = System.nanoTime() - t0;
        LOG.atInfo().addKeyValue("model", tagger.modelId().name()).addKeyValue("chars", PROBE_CHARS)
                .addKeyValue("ms", nanos / 1_000_000).log("calibration probe tagged");
        return nanos;
    }

    /** The settings with {@link TaggingSettings#worstCaseEventMs} measured for this tagger, logged. */
    public static TaggingSettings calibrated(TaggingSettings settings, Tagger tagger) {
        long worst = worstCaseEventMs(tagger, settings.maxTextChars());
        TaggingSettings measured = settings.withWorstCaseEventMs(worst);
        LOG.atInfo().addKeyValue("worstCaseEventMs", worst).addKeyValue("worstFlushMs", measured.worstFlushMs())
                .log("tagging time calibrated");
        return measured;
    }
}
