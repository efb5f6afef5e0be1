package com.sportdata.benefits.rules;

import com.sportdata.benefits.sport.Sport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CommuteModeAndSportTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "null", value = {
            "Marche/running,                 WALK_RUN",
            "Vélo/Trottinette/Autres,        BIKE_OTHER",
            "Transports en commun,           PUBLIC_TRANSPORT",
            "véhicule thermique/électrique,  CAR",
            "VELO/trottinette/autres,        BIKE_OTHER",   // other case, no accent
            "' marche / Running ',           WALK_RUN",
            "Vehicule Thermique/Electrique,  CAR",
            "Trottinette,                    null",         // not one of the four labels
            "null,                           null"})
    void reads_the_declared_mode_whatever_its_spelling(String label, CommuteMode expected) {
        assertThat(CommuteMode.fromLabel(label)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "{0} → {1} (distance: {2})")
    @CsvSource({
            "Runing,          RUNNING,      true",
            "Run,             RUNNING,      true",
            "Randonnée,       HIKING,       true",
            "Hike,            HIKING,       true",
            "Tennis,          TENNIS,       false",
            "Tennis de table, TABLE_TENNIS, false",
            "TableTennis,     TABLE_TENNIS, false",
            "Natation,        SWIMMING,     true",
            "Football,        FOOTBALL,     false",
            "Soccer,          FOOTBALL,     false",
            "Rugby,           RUGBY,        false",
            "Badminton,       BADMINTON,    false",
            "Voile,           SAILING,      true",
            "Judo,            JUDO,         false",
            "Boxe,            BOXING,       false",
            "Escalade,        CLIMBING,     false",
            "RockClimbing,    CLIMBING,     false",
            "Triathlon,       TRIATHLON,    true",
            "Équitation,      HORSE_RIDING, true",
            "Basketball,      BASKETBALL,   false",
            "Ride,            CYCLING,      true"})
    void maps_every_spelling_to_the_canonical_sport(String text, Sport sport, boolean hasDistance) {
        assertThat(Sport.fromText(text)).contains(sport);
        assertThat(sport.hasDistance()).isEqualTo(hasDistance);
    }

    @org.junit.jupiter.api.Test
    void unknown_sports_are_not_guessed() {
        assertThat(Sport.fromText("Curling")).isEmpty();
        assertThat(Sport.fromText("")).isEmpty();
        assertThat(Sport.fromText(null)).isEmpty();
    }
}
