package com.sportdata.benefits.generate;

import com.sportdata.benefits.geo.GeoPoint;
import com.sportdata.benefits.rules.CommuteMode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** A synthetic company shaped like the real one: BUs, contracts, salaries, homes around Lattes, commute modes, sports. */
final class Company {
    record Employee(long id, String lastName, String firstName, LocalDate birthDate, String bu, LocalDate hireDate,
                    double salary, String contract, int paidLeaveDays, String address, String commuteModeLabel,
                    String declaredSport) {
    }

    private static final String[] LAST_NAMES = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
            "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
            "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
            "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel",
            "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier",
            "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
            "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Pérez", "Marchand", "Dufour",
            "Blanchard", "Colin", "Mendes", "Morvan", "Tanguy", "Toussaint", "Ledoux", "Pineau", "Bailly", "Dumas"};
    private static final String[] FIRST_NAMES = {"Juliette", "Laurence", "Timothée", "Audrey", "Monique", "Michelle",
            "Judith", "Henri", "Odette", "Camille", "Léa", "Manon", "Chloé", "Inès", "Emma", "Louise", "Zoé", "Hélène",
            "Élodie", "Céline", "Nathalie", "Sophie", "Isabelle", "Sylvie", "Thomas", "Nicolas", "Julien", "Hugo",
            "Lucas", "Théo", "Maxime", "Antoine", "Clément", "Jérôme", "Stéphane", "Frédéric", "Sébastien", "Olivier",
            "Benoît", "François", "Gaëlle", "Noémie", "Anaïs", "Loïc", "Yannick", "Amélie", "Margaux", "Raphaël",
            "Gabriel", "Arthur", "Paul", "Jules", "Louis", "Adèle", "Agathe", "Mathilde", "Pauline", "Valérie"};
    private static final String[] STREETS = {"Rue du Port", "Av. de la Gare", "Rue des Écoles", "Pl. de la Liberté",
            "Rue de la République", "Bd Victor Hugo", "Rue des Vignes", "Av. des Pins", "Chem. des Oliviers",
            "Rue Jean Jaurès", "Imp. des Lilas", "All. des Platanes", "Rue du Marché", "Av. de la Mer", "Rue des Fleurs",
            "Rue de l'Église", "Av. du Général Leclerc", "Rue des Cigales", "Chem. de la Draye", "Rue Paul Valéry"};
    private static final String[] BUS = {"Ventes", "R&D", "Support", "Finance", "Marketing"};
    private static final int[] BU_WEIGHTS = {30, 25, 20, 12, 13};
    private static final int[][] SALARY_RANGES = {{30000, 60000}, {38000, 80000}, {28000, 50000}, {35000, 75000}, {32000, 65000}};
    /** The declaration labels of the real file, misspelling included. */
    static final String[] SPORT_LABELS = {"Runing", "Randonnée", "Tennis", "Natation", "Football", "Rugby", "Badminton",
            "Voile", "Judo", "Boxe", "Escalade", "Triathlon", "Équitation", "Tennis de table", "Basketball"};
    private static final int[] SPORT_WEIGHTS = {18, 16, 11, 8, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 2};

    private Company() {
    }

    static List<Employee> generate(int size, Random random, LocalDate asOf, GeoPoint office) {
        List<Employee> employees = new ArrayList<>(size);
        Set<Long> ids = new HashSet<>();
        int[] townWeights = Towns.ALL.stream().mapToInt(Towns.Town::weight).toArray();
        for (int i = 0; i < size; i++) {
            long id;
            do {
                id = 10_000 + random.nextInt(size < 80_000 ? 89_990 : 9_000_000);
            } while (!ids.add(id));
            int bu = pick(random, BU_WEIGHTS);
            int[] range = SALARY_RANGES[bu];
            double salary = Math.round((range[0] + random.nextDouble() * (range[1] - range[0])) / 10.0) * 10.0;
            LocalDate birth = LocalDate.of(1962 + random.nextInt(40), 1 + random.nextInt(12), 1 + random.nextInt(28));
            LocalDate earliestHire = birth.plusYears(20).isAfter(LocalDate.of(2008, 1, 1)) ? birth.plusYears(20) : LocalDate.of(2008, 1, 1);
            long span = Math.max(1, asOf.minusMonths(2).toEpochDay() - earliestHire.toEpochDay());
            LocalDate hire = earliestHire.plusDays((long) (random.nextDouble() * span));
            Towns.Town town = Towns.ALL.get(pick(random, townWeights));
            String street = STREETS[random.nextInt(STREETS.length)];
            String address = random.nextInt(10) == 0
                    ? street + ", " + town.postcode() + " " + town.name()
                    : (1 + random.nextInt(220)) + " " + street + ", " + town.postcode() + " " + town.name();
            double km = office.distanceKm(new GeoPoint(town.latitude(), town.longitude()));
            String sport = random.nextInt(100) < 59 ? SPORT_LABELS[pick(random, SPORT_WEIGHTS)] : null;
            employees.add(new Employee(id, LAST_NAMES[random.nextInt(LAST_NAMES.length)],
                    FIRST_NAMES[random.nextInt(FIRST_NAMES.length)], birth, BUS[bu], hire, salary,
                    random.nextInt(100) < 85 ? "CDI" : "CDD", 25 + random.nextInt(6), address,
                    commuteMode(random, km, sport != null).label(), sport));
        }
        return employees;
    }

    /** Mode by distance: walkers and cyclists live close, most far-away people drive; a few declarations are doubtful. */
    private static CommuteMode commuteMode(Random random, double km, boolean sporty) {
        int r = random.nextInt(100);
        int sportyBoost = sporty ? 10 : 0;
        if (km < 5) {
            return r < 30 + sportyBoost ? CommuteMode.WALK_RUN : r < 70 ? CommuteMode.BIKE_OTHER : r < 85
                    ? CommuteMode.PUBLIC_TRANSPORT : CommuteMode.CAR;
        }
        if (km < 15) {
            return r < 4 ? CommuteMode.WALK_RUN : r < 40 + sportyBoost ? CommuteMode.BIKE_OTHER : r < 60
                    ? CommuteMode.PUBLIC_TRANSPORT : CommuteMode.CAR;
        }
        return r < 3 ? CommuteMode.WALK_RUN : r < 8 ? CommuteMode.BIKE_OTHER : r < 25
                ? CommuteMode.PUBLIC_TRANSPORT : CommuteMode.CAR;
    }

    static int pick(Random random, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
