package com.sportdata.benefits.geo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GeoPointTest {

    @Test
    void measures_great_circle_distances() {
        GeoPoint lattes = GeoPoint.parse("43.5638594056,3.90226222861");
        GeoPoint nimes = GeoPoint.parse("43.844938394,4.34806796996");
        // Lattes → Nîmes centroids: about 47 km as the crow flies
        assertThat(lattes.distanceKm(nimes)).isCloseTo(47.4, within(0.5));
        assertThat(lattes.distanceKm(lattes)).isZero();
        assertThat(nimes.distanceKm(lattes)).isCloseTo(lattes.distanceKm(nimes), within(1e-9));
    }

    @Test
    void rejects_malformed_coordinates() {
        assertThat(GeoPoint.parse("")).isNull();
        assertThat(GeoPoint.parse("43.5")).isNull();
        assertThat(GeoPoint.parse("abc,def")).isNull();
        assertThat(GeoPoint.parse(null)).isNull();
    }
}
