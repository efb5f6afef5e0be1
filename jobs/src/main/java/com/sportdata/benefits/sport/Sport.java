package com.sportdata.benefits.sport;

import com.sportdata.benefits.geo.Text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sport catalogue. Every spelling met in declarations and activity files (the HR file's French labels and its typo
 * {@code Runing}, every value of Strava's {@code sport_type}, the names people write in French) is an alias of one
 * entry, compared as {@link Text#matchKey} (lower case, no accents, letters and digits only). Each entry says whether a
 * distance makes sense and the average speed above which an activity is not plausible. A name that is not here can be
 * declared in {@code activities.sport-aliases} (configuration) without a release.
 */
public enum Sport {
    RUNNING(25, "Course à pied", true, "running", "runing", "run", "course", "courseapied", "trailrun", "virtualrun", "jogging",
            "trail", "trailrunning", "footing"),
    HIKING(10, "Randonnée", true, "randonnee", "hike", "rando", "hiking"),
    WALKING(10, "Marche", true, "marche", "walk", "marcheapied", "marchenordique", "nordicwalking", "walking"),
    CYCLING(70, "Vélo", true, "velo", "cyclisme", "ride", "mountainbikeride", "gravelride", "ebikeride", "emountainbikeride",
            "virtualride", "vtt", "velomobile", "cycling", "biking", "veloderoute", "gravel", "velotaf"),
    SWIMMING(8, "Natation", true, "natation", "swim", "swimming", "nage"),
    TRIATHLON(45, "Triathlon", true, "triathlon", "duathlon"),
    SAILING(60, "Voile", true, "voile", "sail", "sailing"),
    HORSE_RIDING(45, "Équitation", true, "equitation", "horseriding", "horseback", "cheval"),
    ROWING(25, "Aviron", true, "aviron", "rowing", "virtualrow", "rameur"),
    CANOE_KAYAK(20, "Canoë-kayak", true, "canoekayak", "kayak", "kayaking", "canoe", "canoeing"),
    PADDLE(15, "Stand-up paddle", true, "standuppaddling", "standuppaddle", "paddle", "sup"),
    KITESURF(70, "Kitesurf", true, "kitesurf", "kitesurfing", "kite"),
    WINDSURF(70, "Planche à voile", true, "windsurf", "windsurfing", "plancheavoile"),
    SURFING(0, "Surf", false, "surf", "surfing"),
    SKIING(80, "Ski", true, "skialpin", "alpineski", "backcountryski", "ski", "skiderandonnee", "skitouring", "skiing"),
    SNOWBOARD(80, "Snowboard", true, "snowboard", "snowboarding", "surfdesneige"),
    NORDIC_SKIING(35, "Ski de fond", true, "skidefond", "nordicski", "rollerski", "skiroue", "skiaroulettes", "crosscountryskiing"),
    SNOWSHOE(10, "Raquettes", true, "raquettes", "raquette", "snowshoe", "randonneeenraquettes"),
    ICE_SKATING(40, "Patinage", true, "patinage", "iceskate", "iceskating", "patinsurglace", "patinagesurglace"),
    ROLLER(40, "Roller", true, "roller", "rollers", "inlineskate", "inlineskating", "patinsaroulettes", "rollerblade"),
    SKATEBOARD(30, "Skateboard", true, "skateboard", "skate", "longboard"),
    WHEELCHAIR(30, "Fauteuil roulant", true, "wheelchair", "fauteuilroulant", "handisport"),
    HANDCYCLE(50, "Handbike", true, "handcycle", "handbike"),
    GOLF(15, "Golf", true, "golf"),
    TENNIS(0, "Tennis", false, "tennis"),
    TABLE_TENNIS(0, "Tennis de table", false, "tennisdetable", "tabletennis", "pingpong"),
    BADMINTON(0, "Badminton", false, "badminton"),
    SQUASH(0, "Squash", false, "squash", "racquetball"),
    PADEL(0, "Padel", false, "padel"),
    PICKLEBALL(0, "Pickleball", false, "pickleball"),
    FOOTBALL(0, "Football", false, "football", "foot", "soccer", "futsal"),
    RUGBY(0, "Rugby", false, "rugby"),
    BASKETBALL(0, "Basketball", false, "basketball", "basket", "basketteball"),
    HANDBALL(0, "Handball", false, "handball", "hand"),
    VOLLEYBALL(0, "Volley-ball", false, "volleyball", "volley", "beachvolley", "beachvolleyball"),
    JUDO(0, "Judo", false, "judo"),
    KARATE(0, "Karaté", false, "karate"),
    MARTIAL_ARTS(0, "Arts martiaux", false, "artsmartiaux", "martialarts", "taekwondo", "aikido", "kungfu", "jujitsu", "jiujitsu",
            "kravmaga", "mma", "kickboxing"),
    BOXING(0, "Boxe", false, "boxe", "boxing", "boxeanglaise", "boxefrancaise"),
    CLIMBING(0, "Escalade", false, "escalade", "rockclimbing", "climbing", "bouldering", "bloc"),
    WEIGHT_TRAINING(0, "Musculation", false, "musculation", "muscu", "weighttraining", "renforcementmusculaire", "halterophilie",
            "weightlifting", "bodybuilding"),
    FITNESS(0, "Fitness", false, "fitness", "workout", "crossfit", "highintensityintervaltraining", "hiit", "elliptical",
            "elliptique", "stairstepper", "cardio", "circuittraining", "gym", "gymnastique", "aerobic", "stepper", "entrainement"),
    YOGA(0, "Yoga", false, "yoga"),
    PILATES(0, "Pilates", false, "pilates"),
    DANCE(0, "Danse", false, "danse", "dance", "dancing", "zumba", "salsa");

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
