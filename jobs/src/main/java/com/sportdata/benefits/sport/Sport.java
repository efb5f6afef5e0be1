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
    RUNNING("Course à pied", true, "running", "runing", "run", "course", "courseapied", "trailrun", "virtualrun", "jogging"),
    HIKING("Randonnée", true, "randonnee", "hike", "rando"),
    WALKING("Marche", true, "marche", "walk", "marcheapied"),
    CYCLING("Vélo", true, "velo", "cyclisme", "ride", "mountainbikeride", "gravelride", "ebikeride", "virtualride", "vtt"),
    SWIMMING("Natation", true, "natation", "swim", "swimming"),
    TRIATHLON("Triathlon", true, "triathlon"),
    SAILING("Voile", true, "voile", "sail", "sailing"),
    HORSE_RIDING("Équitation", true, "equitation", "horseriding", "horseback"),
    TENNIS("Tennis", false, "tennis"),
    TABLE_TENNIS("Tennis de table", false, "tennisdetable", "tabletennis", "pingpong"),
    BADMINTON("Badminton", false, "badminton"),
    FOOTBALL("Football", false, "football", "foot", "soccer"),
    RUGBY("Rugby", false, "rugby"),
    BASKETBALL("Basketball", false, "basketball", "basket"),
    JUDO("Judo", false, "judo"),
    BOXING("Boxe", false, "boxe", "boxing"),
    CLIMBING("Escalade", false, "escalade", "rockclimbing", "climbing", "bouldering");

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

    private final String label;
    private final boolean hasDistance;
    private final List<String> aliases;

    Sport(String label, boolean hasDistance, String... aliases) {
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

    public static Optional<Sport> fromText(String text) {
        String key = Text.matchKey(text);
        return key == null || key.isEmpty() ? Optional.empty() : Optional.ofNullable(BY_ALIAS.get(key));
    }

    /** Every alias key with its sport, for joins in Spark. */
    public static Map<String, Sport> aliasKeys() {
        return Map.copyOf(BY_ALIAS);
    }
}
