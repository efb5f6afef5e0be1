package com.sportdata.benefits.sport;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue knows every sport Strava names and the names people write in French. */
class SportCatalogueTest {
    /** Strava API v3 SportType, as documented (developers.strava.com, "SportType"). */
    private static final List<String> STRAVA_SPORT_TYPES = List.of("AlpineSki", "BackcountrySki", "Badminton", "Canoeing", "Crossfit",
            "EBikeRide", "Elliptical", "EMountainBikeRide", "Golf", "GravelRide", "Handcycle", "HighIntensityIntervalTraining", "Hike",
            "IceSkate", "InlineSkate", "Kayaking", "Kitesurf", "MountainBikeRide", "NordicSki", "Pickleball", "Pilates", "Racquetball",
            "Ride", "RockClimbing", "RollerSki", "Rowing", "Run", "Sail", "Skateboard", "Snowboard", "Snowshoe", "Soccer", "Squash",
            "StairStepper", "StandUpPaddling", "Surfing", "Swim", "TableTennis", "Tennis", "TrailRun", "Velomobile", "VirtualRide",
            "VirtualRow", "VirtualRun", "Walk", "WeightTraining", "Wheelchair", "Windsurf", "Workout", "Yoga");

    @Test
    void every_strava_sport_type_is_a_sport_of_the_catalogue() {
        assertThat(STRAVA_SPORT_TYPES).allSatisfy(type -> assertThat(Sport.fromText(type)).as(type).isPresent());
        assertThat(Sport.fromText("EMountainBikeRide")).contains(Sport.CYCLING);
        assertThat(Sport.fromText("HighIntensityIntervalTraining")).contains(Sport.FITNESS);
        assertThat(Sport.fromText("VirtualRow")).contains(Sport.ROWING);
        assertThat(Sport.fromText("Racquetball")).contains(Sport.SQUASH);
    }

    @Test
    void the_names_people_write_in_french_with_or_without_accents_are_known() {
        Map<String, Sport> french = Map.ofEntries(Map.entry("Musculation", Sport.WEIGHT_TRAINING), Map.entry("Yoga", Sport.YOGA),
                Map.entry("Pilates", Sport.PILATES), Map.entry("Roller", Sport.ROLLER), Map.entry("Danse", Sport.DANCE),
                Map.entry("Skateboard", Sport.SKATEBOARD), Map.entry("Fitness", Sport.FITNESS), Map.entry("Karaté", Sport.KARATE),
                Map.entry("karate", Sport.KARATE), Map.entry("Marche", Sport.WALKING), Map.entry("Course à pied", Sport.RUNNING),
                Map.entry("course a pied", Sport.RUNNING), Map.entry("Ski de fond", Sport.NORDIC_SKIING), Map.entry("Aviron", Sport.ROWING),
                Map.entry("Canoë-kayak", Sport.CANOE_KAYAK), Map.entry("Planche à voile", Sport.WINDSURF), Map.entry("VTT", Sport.CYCLING),
                Map.entry("Marche nordique", Sport.WALKING), Map.entry("Volley-ball", Sport.VOLLEYBALL), Map.entry("Runing", Sport.RUNNING));
        french.forEach((name, sport) -> assertThat(Sport.fromText(name)).as(name).contains(sport));
        assertThat(Sport.fromText("Kin-ball")).isEmpty();
        assertThat(Sport.fromText("")).isEmpty();
    }

    @Test
    void each_sport_has_a_label_and_a_plausible_speed_exactly_when_it_has_a_distance() {
        for (Sport sport : Sport.values()) {
            assertThat(sport.label()).as(sport.name()).isNotBlank();
            assertThat(Sport.fromText(sport.label())).as("its own label: " + sport.label()).contains(sport);
            if (sport.hasDistance()) {
                assertThat(sport.maxSpeedKmh()).as(sport.name()).isBetween(5, 100);
            } else {
                assertThat(sport.maxSpeedKmh()).as(sport.name()).isZero();
            }
        }
        assertThat(Sport.YOGA.hasDistance()).isFalse();
        assertThat(Sport.ROLLER.hasDistance()).isTrue();
    }

    @Test
    void no_alias_names_two_sports() {
        Map<String, Sport> seen = new java.util.HashMap<>();
        for (Sport sport : Sport.values()) {
            for (String key : Sport.aliasKeys().entrySet().stream().filter(e -> e.getValue() == sport).map(Map.Entry::getKey).toList()) {
                assertThat(seen.put(key, sport)).as(key).isNull();
            }
        }
        assertThat(Sport.aliasKeys()).hasSizeGreaterThan(150);
    }
}
