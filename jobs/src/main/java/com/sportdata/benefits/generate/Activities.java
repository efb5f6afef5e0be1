package com.sportdata.benefits.generate;

import com.sportdata.benefits.sport.Sport;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic Strava-like activity histories: per-sport distance, speed and duration ranges, sports without
 * distance, times of day, a weekly rhythm (more at weekends), seasonality, French comments, and profiles
 * from occasional to competitor. Deterministic for a given seed and as-of date.
 */
final class Activities {
    /** One generated activity; {@code typeLabel} is what the file's "Type" column says. */
    record Activity(long id, long employeeId, Sport sport, String typeLabel, LocalDateTime startLocal, long elapsedSeconds,
                    Double distanceMeters, String comment, String name) {
    }

    /** Per-sport ranges: distance in km (0 = no distance) or duration in minutes, speed in km/h, and a season. */
    private record Shape(double minKm, double maxKm, double minKmh, double maxKmh, int minMinutes, int maxMinutes, int peakMonth) {
    }

    private static final Map<Sport, Shape> SHAPES = new EnumMap<>(Sport.class);

    static {
        SHAPES.put(Sport.RUNNING, new Shape(4, 21, 8, 15, 0, 0, 5));
        SHAPES.put(Sport.HIKING, new Shape(6, 24, 3, 5.5, 0, 0, 5));
        SHAPES.put(Sport.WALKING, new Shape(3, 12, 4, 6, 0, 0, 6));
        SHAPES.put(Sport.CYCLING, new Shape(15, 90, 18, 32, 0, 0, 6));
        SHAPES.put(Sport.SWIMMING, new Shape(0.8, 4, 2, 4, 0, 0, 7));
        SHAPES.put(Sport.TRIATHLON, new Shape(25, 55, 15, 25, 0, 0, 7));
        SHAPES.put(Sport.SAILING, new Shape(8, 40, 6, 15, 0, 0, 7));
        SHAPES.put(Sport.HORSE_RIDING, new Shape(5, 25, 6, 14, 0, 0, 5));
        SHAPES.put(Sport.TENNIS, new Shape(0, 0, 0, 0, 60, 120, 6));
        SHAPES.put(Sport.TABLE_TENNIS, new Shape(0, 0, 0, 0, 45, 90, 1));
        SHAPES.put(Sport.BADMINTON, new Shape(0, 0, 0, 0, 45, 90, 1));
        SHAPES.put(Sport.FOOTBALL, new Shape(0, 0, 0, 0, 60, 110, 10));
        SHAPES.put(Sport.RUGBY, new Shape(0, 0, 0, 0, 70, 100, 11));
        SHAPES.put(Sport.BASKETBALL, new Shape(0, 0, 0, 0, 60, 100, 1));
        SHAPES.put(Sport.JUDO, new Shape(0, 0, 0, 0, 60, 120, 1));
        SHAPES.put(Sport.BOXING, new Shape(0, 0, 0, 0, 45, 90, 1));
        SHAPES.put(Sport.CLIMBING, new Shape(0, 0, 0, 0, 60, 180, 4));
    }

    /** Activities per week of each profile: occasional, regular, keen, competitor. */
    private static final double[] WEEKLY_RATE = {0.35, 1.2, 2.4, 4.5};
    private static final int[] PROFILE_WEIGHTS = {30, 40, 20, 10};

    private static final String[] COMMENTS = {"Super séance aujourd'hui !", "Dur dur ce matin 😅", "Nouveau record perso !",
            "Avec les collègues, top ambiance", "Sous le soleil de Montpellier ☀️", "Reprise en douceur",
            "Un peu de vent mais ça valait le coup", "Je vous la conseille c'est top", "Objectif atteint 💪",
            "Journée magnifique", "Séance technique, beaucoup appris", "Les jambes étaient lourdes"};
    private static final Map<Sport, String[]> SPORT_COMMENTS = new EnumMap<>(Sport.class);

    static {
        SPORT_COMMENTS.put(Sport.HIKING, new String[] {"Randonnée de St Guilhem le désert, je vous la conseille c'est top",
                "Le Pic Saint-Loup au lever du soleil", "Balade dans les gorges de l'Hérault", "Cirque de Navacelles, magnifique"});
        SPORT_COMMENTS.put(Sport.RUNNING, new String[] {"Footing le long du Lez", "Fractionné au parc Montcalm",
                "Sortie longue vers Palavas", "Préparation du semi de Montpellier"});
        SPORT_COMMENTS.put(Sport.SAILING, new String[] {"Belle brise à La Grande-Motte", "Régate du club, 3e place !"});
        SPORT_COMMENTS.put(Sport.SWIMMING, new String[] {"Piscine Antigone", "Nage en mer à Carnon, eau à 19°"});
        SPORT_COMMENTS.put(Sport.CLIMBING, new String[] {"Nouvelle voie en 6b validée", "Bloc à la salle avec l'équipe"});
    }

    private Activities() {
    }

    static List<Activity> history(long employeeId, Sport sport, String typeLabel, LocalDate from, LocalDate toInclusive, Random random) {
        int profile = Company.pick(random, PROFILE_WEIGHTS);
        double perWeek = WEEKLY_RATE[profile] * (0.8 + 0.4 * random.nextDouble());
        List<Activity> out = new ArrayList<>();
        Shape shape = SHAPES.get(sport);
        for (LocalDate day = from; !day.isAfter(toInclusive); day = day.plusDays(1)) {
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            double p = perWeek / 7.0 * (weekend ? 1.7 : 0.72) * season(day.getMonthValue(), shape.peakMonth());
            if (random.nextDouble() < p) {
                out.add(one(employeeId, sport, typeLabel, day, weekend, profile, random));
            }
        }
        return out;
    }

    /** One activity on a given day. */
    static Activity one(long employeeId, Sport sport, String typeLabel, LocalDate day, boolean weekend, int profile, Random random) {
        Shape shape = SHAPES.get(sport);
        LocalDateTime start = day.atTime(startHour(weekend, random), random.nextInt(12) * 5);
        double skill = profile / 3.0;
        Double meters = null;
        long seconds;
        if (shape.maxKm() > 0) {
            double km = shape.minKm() + (shape.maxKm() - shape.minKm()) * Math.pow(random.nextDouble(), 1.6 - skill * 0.8);
            double kmh = shape.minKmh() + (shape.maxKmh() - shape.minKmh()) * (0.25 * random.nextDouble() + 0.75 * skill * random.nextDouble() + 0.1);
            kmh = Math.min(kmh, shape.maxKmh());
            meters = (double) Math.round(km * 1000);
            seconds = Math.round(km / kmh * 3600);
        } else {
            seconds = 60L * (shape.minMinutes() + random.nextInt(shape.maxMinutes() - shape.minMinutes() + 1));
        }
        String comment = null;
        if (random.nextInt(100) < 35) {
            String[] specific = SPORT_COMMENTS.get(sport);
            comment = specific != null && random.nextBoolean() ? specific[random.nextInt(specific.length)]
                    : COMMENTS[random.nextInt(COMMENTS.length)];
        }
        long id = activityId(employeeId, start);
        return new Activity(id, employeeId, sport, typeLabel, start, seconds, meters, comment, name(sport, start.getHour()));
    }

    private static int startHour(boolean weekend, Random random) {
        int r = random.nextInt(100);
        if (weekend) {
            return r < 60 ? 8 + random.nextInt(3) : 14 + random.nextInt(4);
        }
        return r < 30 ? 7 : r < 55 ? 12 : 18 + random.nextInt(2);
    }

    /** 1 at the sport's peak month, down to 0.55 six months away. */
    private static double season(int month, int peak) {
        int gap = Math.min(Math.abs(month - peak), 12 - Math.abs(month - peak));
        return 1.0 - 0.45 * gap / 6.0;
    }

    private static String name(Sport sport, int hour) {
        String moment = hour < 11 ? "du matin" : hour < 14 ? "du midi" : hour < 18 ? "de l'après-midi" : "du soir";
        return sport.label() + " " + moment;
    }

    /** Stable id from employee and start time: regenerating the same history gives the same ids. */
    static long activityId(long employeeId, LocalDateTime start) {
        long h = employeeId * 0x9E3779B97F4A7C15L ^ start.toLocalDate().toEpochDay() * 0xC2B2AE3D27D4EB4FL
                ^ (start.getHour() * 60L + start.getMinute()) * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 29;
        return 10_000_000_000L + Math.floorMod(h, 89_999_999_999L);
    }
}
