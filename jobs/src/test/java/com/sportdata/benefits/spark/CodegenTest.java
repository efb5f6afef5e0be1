package com.sportdata.benefits.spark;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigError;
import com.sportdata.benefits.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodegenTest extends com.sportdata.benefits.testing.SparkTest {
    private static AppConfig.SparkSettings settings(Map<String, String> overrides) {
        return ConfigLoader.load(List.of(), overrides).spark();
    }

    private static final LongSupplier NOT_LISTED = () -> {
        throw new AssertionError("the landing folder was listed for a fixed choice");
    };

    @Test
    void auto_turns_it_on_from_the_threshold_and_says_the_size() {
        AppConfig.SparkSettings auto = settings(Map.of("spark.codegen", "auto", "spark.codegen-above-mb", "8"));
        Codegen.Decision small = Codegen.decide(auto, () -> 470_637L);
        assertThat(small.on()).isFalse();
        assertThat(small.reason()).isEqualTo("0.4 MB of activity files, under spark.codegen-above-mb = 8");
        assertThat(Codegen.decide(auto, () -> 8L * 1024 * 1024 - 1).on()).isFalse();
        Codegen.Decision big = Codegen.decide(auto, () -> 8L * 1024 * 1024);
        assertThat(big.on()).isTrue();
        assertThat(big.reason()).isEqualTo("8.0 MB of activity files, at least spark.codegen-above-mb = 8");
        assertThat(Codegen.decide(auto, () -> 0L).on()).isFalse();
    }

    @Test
    void on_and_off_are_kept_without_listing_anything() {
        assertThat(Codegen.decide(settings(Map.of("spark.codegen", "on")), NOT_LISTED)).isEqualTo(new Codegen.Decision(true, "spark.codegen = on"));
        assertThat(Codegen.decide(settings(Map.of("spark.codegen", "OFF")), NOT_LISTED).on()).isFalse();
        // a threshold of 0 is "always on" for auto
        assertThat(Codegen.decide(settings(Map.of("spark.codegen-above-mb", "0")), () -> 0L).on()).isTrue();
    }

    @Test
    void applied_to_a_session_both_settings_follow_the_decision() {
        org.apache.spark.sql.SparkSession spark = spark();
        String wholeStage = spark.conf().get(Codegen.WHOLE_STAGE);
        String mode = spark.conf().get(Codegen.FACTORY_MODE);
        try {
            Codegen.apply(spark, settings(Map.of("spark.codegen", "on")), NOT_LISTED);
            assertThat(spark.conf().get(Codegen.WHOLE_STAGE)).isEqualTo("true");
            assertThat(spark.conf().get(Codegen.FACTORY_MODE)).isEqualTo("FALLBACK");
            assertThat(spark.range(5).selectExpr("sum(id * 2)").first().getLong(0)).isEqualTo(20);
            Codegen.apply(spark, settings(Map.of("spark.codegen", "auto")), () -> 1000L);
            assertThat(spark.conf().get(Codegen.WHOLE_STAGE)).isEqualTo("false");
            assertThat(spark.conf().get(Codegen.FACTORY_MODE)).isEqualTo("NO_CODEGEN");
            assertThat(spark.range(5).selectExpr("sum(id * 2)").first().getLong(0)).isEqualTo(20);
        } finally {
            spark.conf().set(Codegen.WHOLE_STAGE, wholeStage);
            spark.conf().set(Codegen.FACTORY_MODE, mode);
        }
    }

    @Test
    void a_bad_value_is_refused_with_its_key() {
        assertThatThrownBy(() -> settings(Map.of("spark.codegen", "sometimes"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("spark.codegen").hasMessageContaining("AUTO");
        assertThatThrownBy(() -> settings(Map.of("spark.codegen-above-mb", "-1"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("spark.codegen-above-mb");
    }
}
