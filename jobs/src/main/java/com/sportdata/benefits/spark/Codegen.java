package com.sportdata.benefits.spark;

import com.sportdata.benefits.config.AppConfig;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Code generation on or off for a command, by the size of its data ({@code spark.codegen}). Spark compiles every new
 * query (whole stages, and each projection, predicate and ordering) to bytecode: on a company of a few hundred employees, the compiling (Janino, class loading, the JIT)
 * costs more than the generated code saves; on tens of thousands it is the other way round. The size is that of the
 * activity files in landing (they stay there: the lake's record of what arrived), listed, never read.
 */
public final class Codegen {
    private static final Logger LOG = LoggerFactory.getLogger(Codegen.class);
    static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
    /**
     * Spark's (internal) choice between generated and interpreted projections, predicates and orderings: FALLBACK
     * (its default: generated, interpreted when compiling fails) or NO_CODEGEN (interpreted). Most of the compiling
     * is here, not in whole-stage code generation: a demo run took 63.7 s with both, 60.3 s without whole-stage code
     * generation, 49.8 s without either. Spark's own tests run both modes; this project's suite runs NO_CODEGEN.
     */
    static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";

    private Codegen() {
    }

    /** Whether code generation is wanted, and why, for {@code activityBytes} of activity files. */
    public static Decision decide(AppConfig.SparkSettings settings, LongSupplier activityBytes) {
        return switch (settings.codegen()) {
            case ON -> new Decision(true, "spark.codegen = on");
            case OFF -> new Decision(false, "spark.codegen = off");
            case AUTO -> {
                long bytes = activityBytes.getAsLong();
                long threshold = settings.codegenAboveMb() * 1024L * 1024L;
                String size = String.format(Locale.ROOT, "%.1f MB of activity files", bytes / 1024.0 / 1024.0);
                yield bytes >= threshold
                        ? new Decision(true, size + ", at least spark.codegen-above-mb = " + settings.codegenAboveMb())
                        : new Decision(false, size + ", under spark.codegen-above-mb = " + settings.codegenAboveMb());
            }
        };
    }

    /** Sets the session's code generation as decided (runtime settings: they apply from the next query on). */
    public static Decision apply(SparkSession spark, AppConfig.SparkSettings settings, LongSupplier activityBytes) {
        Decision decision = decide(settings, activityBytes);
        spark.conf().set(WHOLE_STAGE, decision.on());
        spark.conf().set(FACTORY_MODE, decision.on() ? "FALLBACK" : "NO_CODEGEN");
        LOG.info("code generation {}: {}", decision.on() ? "on" : "off", decision.reason());
        return decision;
    }

    public record Decision(boolean on, String reason) {
    }
}
