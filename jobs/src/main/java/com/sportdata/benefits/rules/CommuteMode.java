package com.sportdata.benefits.rules;

import com.sportdata.benefits.geo.Text;

import java.util.Optional;

/** The four commute modes an employee can declare in the HR file, with the label the HR file uses. */
public enum CommuteMode {
    WALK_RUN("Marche/running", TravelMode.WALK),
    BIKE_OTHER("Vélo/Trottinette/Autres", TravelMode.BICYCLE),
    PUBLIC_TRANSPORT("Transports en commun", TravelMode.TRANSIT),
    CAR("véhicule thermique/électrique", TravelMode.DRIVE);

    private final String label;
    private final TravelMode travelMode;

    CommuteMode(String label, TravelMode travelMode) {
        this.label = label;
        this.travelMode = travelMode;
    }

    public String label() {
        return label;
    }

    public TravelMode travelMode() {
        return travelMode;
    }

    /** Matches the HR label whatever its case, accents or spacing ("VELO/trottinette/autres" → BIKE_OTHER). */
    public static Optional<CommuteMode> fromLabel(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = Text.matchKey(text);
        for (CommuteMode mode : values()) {
            if (Text.matchKey(mode.label).equals(key) || mode.name().equalsIgnoreCase(text.trim())) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
