package com.sportdata.benefits.sport;

import com.sportdata.benefits.geo.Text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical sport list. Every spelling met in declarations and activity files (the HR file's
 * French labels and its typo {@code Runing}, Strava's {@code sport_type} values) is an alias of one entry.
 */
public enum Sport {
    RUNNING(25, "Course à pied", true, "running", "runing", "run", "course", "courseapied", "trailrun", "virtualrun", "jogging"),
    HIKING(10, "Randonnée", true, "randonnee", "hike", "rando"),
    WALKING(10, "Marche", true, "marche", "walk", "marcheapied"),
    CYCLING(70, "Vélo", true, "velo", "cyclisme", "ride", "mountainbikeride", "gravelride", "ebikeride", "virtualride", "vtt"),
    SWIMMING(8, "Natation", true, "natation", "swim", "swimming"),
    TRIATHLON(45, "Triathlon", true, "triathlon"),
    SAILING(60, "Voile", true, "voile", "sail", "sailing"),
    HORSE_RIDING(45, "Équitation", true, "equitation", "horseriding", "horseback"),
    TENNIS(0, "Tennis", false, "tennis"),
    TABLE_TENNIS(0, "Tennis de table", false, "tennisdetable", "tabletennis", "pingpong"),
    BADMINTON(0, "Badminton", false, "badminton"),
    FOOTBALL(0, "Football", false, "football", "foot", "soccer"),
    RUGBY(0, "Rugby", false, "rugby"),
    BASKETBALL(0, "Basketball", false, "basketball", "basket"),
    JUDO(0, "Judo", false, "judo"),
    BOXING(0, "Boxe", false, "boxe", "boxing"),
    CLIMBING(0, "Escalade", false, "escalade", "rockclimbing", "climbing", "bouldering");

    private static final Map<String, Sport> BY_ALIAS = new HashMap<>();

    static {
        for (Sport sport : values()) {
            BY_ALIAS.put(Text.matchKey(sport.name()), sport);
            BY_ALIAS.put(Text.matchKey(sport.label), sport);
            for (String alias : sport.aliases) {
                BY_ALIAS.put(Text.matchKey(alias), sport);
            }
        }
    }

    private final int maxSpeedKmh;
    private final String label;
    private final boolean hasDistance;
    private final List<String> aliases;

    Sport(int maxSpeedKmh, String label, boolean hasDistance, String... aliases) {
        this.maxSpeedKmh = maxSpeedKmh;
        this.label = label;
        this.hasDistance = hasDistance;
        this.aliases = List.of(aliases);
    }

    /** French label shown to people. */
    public String label() {
        return label;
    }

    /** Whether a distance makes sense for this sport (not for tennis or climbing). */
    public boolean hasDistance() {
        return hasDistance;
    }

    /** Average speed above which an activity of this sport is not plausible (0 for sports without distance). */
    public int maxSpeedKmh() {
        return maxSpeedKmh;
    }

    public static Optional<Sport> fromText(String text) {
        String key = Text.matchKey(text);
        return key == null || key.isEmpty() ? Optional.empty() : Optional.ofNullable(BY_ALIAS.get(key));
    }

    /** Every alias key with its sport, for joins in Spark. */
    public static Map<String, Sport> aliasKeys() {
        return Map.copyOf(BY_ALIAS);
    }
}
