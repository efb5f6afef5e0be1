package com.sportdata.benefits.catalog;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which tables and outputs of the lake hold personal data, which kinds, and who may read them: the classification the
 * code answers from (the BI export's personal side, the README's inventory, the privacy scan of a run's outputs).
 * Every table of {@link Tables} is classified here; a table added without a classification fails at class load.
 *
 * <p>An employee id alone is pseudonymous, not one of the {@link Kind kinds}: a table keyed by it is marked
 * {@code perEmployee}, and sits on the personal side of an export, but holds no name, salary, birth date or address.
 */
public final class PersonalData {

    /** The kinds of personal data the product receives, in the HR file. */
    public enum Kind {
        NAMES("names"), SALARIES("salaries"), BIRTH_DATES("birth dates"), ADDRESSES("home addresses");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Who may read a place. */
    public enum Readers {
        HR("HR only: restricted"),
        DATA_TEAM("the data team (and HR)"),
        SLACK("the Slack channel the company chose"),
        EVERYONE("anyone the business shares it with");

        public final String label;

        Readers(String label) {
            this.label = label;
        }
    }

    /** What one place holds: the kinds of personal data, whether it has a row per employee, its readers, and why. */
    public record Classification(Set<Kind> kinds, boolean perEmployee, Readers readers, String why) {
        public boolean personal() {
            return !kinds.isEmpty();
        }
    }

    /**
     * A place outside the tables: files under path prefixes relative to the lake root, or (no prefix) a stream the
     * lake does not keep — logs, Slack posts, metrics.
     */
    public record Output(String place, List<String> prefixes, Classification classification, String retention) {
        Output(String place, List<String> prefixes, Classification classification) {
            this(place, prefixes, classification, "");
        }
    }

    private static final Set<Kind> ALL = EnumSet.allOf(Kind.class);
    private static final Set<Kind> NONE = EnumSet.noneOf(Kind.class);

    private static Classification hr(Set<Kind> kinds, String why) {
        return new Classification(kinds, true, Readers.HR, why);
    }

    private static Classification employeeLevel(String why) {
        return new Classification(NONE, true, Readers.DATA_TEAM, why);
    }

    private static Classification operations(String why) {
        return new Classification(NONE, false, Readers.DATA_TEAM, why);
    }

    private static Classification shared(String why) {
        return new Classification(NONE, false, Readers.EVERYONE, why);
    }

    private static final Map<TableId, Classification> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put(Tables.HR_EMPLOYEES, hr(ALL, "the HR file as received"));
        TABLES.put(Tables.HR_SPORT_DECLARATIONS, employeeLevel("employee id and declared sport"));
        TABLES.put(Tables.ACTIVITIES_CSV, employeeLevel("employee id, activities and their free-text comments"));
        TABLES.put(Tables.STRAVA_ACTIVITIES, employeeLevel("athlete id, activities and their names and descriptions"));
        TABLES.put(Tables.REFERENCE_COMMUTE_DISTANCES, hr(EnumSet.of(Kind.ADDRESSES), "normalised home addresses and their distances"));
        TABLES.put(Tables.REFERENCE_POSTCODES, shared("La Poste's public postcode base"));
        TABLES.put(Tables.INGESTION_LOG, operations("landing files, their hashes and row counts"));
        TABLES.put(Tables.EMPLOYEES, hr(ALL, "employees, typed: names, birth date, salary, address"));
        TABLES.put(Tables.EMPLOYEES_HISTORY, hr(ALL, "every HR snapshot, typed"));
        TABLES.put(Tables.SPORT_DECLARATIONS, employeeLevel("employee id and declared sport"));
        TABLES.put(Tables.ACTIVITIES, employeeLevel("employee id, activities and their comments"));
        TABLES.put(Tables.POSTCODES, shared("communes and their coordinates"));
        TABLES.put(Tables.COMMUTE_DISTANCES, hr(EnumSet.of(Kind.ADDRESSES), "normalised home addresses and their distances"));
        TABLES.put(Tables.INT_ACTIVITIES_PER_EMPLOYEE_YEAR, employeeLevel("activity counts per employee and year"));
        TABLES.put(Tables.QUARANTINE, hr(ALL, "rejected rows as received (an HR row holds everything)"));
        TABLES.put(Tables.DIM_EMPLOYEE, hr(EnumSet.of(Kind.NAMES), "full name, BU, home town (no salary, birth date or street)"));
        TABLES.put(Tables.FCT_EMPLOYEE_BENEFITS, hr(EnumSet.of(Kind.SALARIES), "per-employee amounts: the bonus is a fixed share of the salary, which follows from it"));
        TABLES.put(Tables.KPI_BENEFITS_BY_PERIOD, shared("totals per benefit period"));
        TABLES.put(Tables.DECLARATIONS_TO_REVIEW, employeeLevel("employee id, BU, declared mode, distance and the reason to review"));
        TABLES.put(Tables.KPI_BENEFITS_BY_YEAR_BU, shared("totals per year and BU"));
        TABLES.put(Tables.KPI_ACTIVITIES_BY_SPORT, shared("activity counts per sport and month"));
        TABLES.put(Tables.QUALITY_CHECKS, shared("check results: counts and reasons, never values of personal fields"));
        TABLES.put(Tables.QUARANTINE_SUMMARY, shared("quarantined rows counted by table and reason"));
        TABLES.put(Tables.RUNS, shared("runs, stages, times and row counts"));
        TABLES.put(Tables.SCENARIO_COMPARISON, shared("scenario totals against the official ones"));
        TABLES.put(Tables.RUN_LEDGER, operations("runs, stages, inputs and outcomes"));
        TABLES.put(Tables.RULES_REGISTER, operations("the rules of record of each year"));
        TABLES.put(Tables.GOLD_INPUTS, operations("what each gold year was computed from"));
        TABLES.put(Tables.QUARANTINE_RELEASES, hr(ALL, "rows released from quarantine, as received"));
        TABLES.put(Tables.SLACK_OUTBOX, new Classification(EnumSet.of(Kind.NAMES), true, Readers.SLACK,
                "the posts: an employee's first and last name with the activity"));
        TABLES.put(Tables.ACKNOWLEDGEMENTS, operations("what people acknowledged"));
        TABLES.put(Tables.RUN_METRICS, operations("what each run measured"));
        List<String> missing = Tables.all().stream().filter(t -> !TABLES.containsKey(t)).map(TableId::qualifiedName).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("tables without a personal-data classification (catalog/PersonalData): " + missing);
        }
    }

    /**
     * How the rows of a personal table age past the retention horizon ({@code lake.retention.personal-data-years}), for
     * {@code purge}: rows of landing files a later delivery superseded before the cut-off, rows whose moment is before
     * it, rows of benefit years that ended before it — or none, for a table holding only the current state (kept while
     * current, replaced with it).
     */
    public record Aging(Kind kind, String column, String condition, String rule) {
        public enum Kind { SUPERSEDED_FILES, BEFORE, YEARS, CURRENT }

        static Aging supersededFiles() {
            return new Aging(Kind.SUPERSEDED_FILES, "_source_sha256", "",
                    "rows of a delivered file once a later delivery superseded it before the horizon");
        }

        static Aging before(String column, String condition, String rule) {
            return new Aging(Kind.BEFORE, column, condition, rule);
        }

        static Aging years(String column) {
            return new Aging(Kind.YEARS, column, "", "rows of benefit years that ended before the horizon");
        }

        static Aging current(String rule) {
            return new Aging(Kind.CURRENT, "", "", rule);
        }

        /** Whether {@code purge} deletes rows of the table at all. */
        public boolean purged() {
            return kind != Kind.CURRENT;
        }
    }

    private static final Map<TableId, Aging> AGING = new LinkedHashMap<>();

    static {
        AGING.put(Tables.HR_EMPLOYEES, Aging.supersededFiles());
        AGING.put(Tables.REFERENCE_COMMUTE_DISTANCES, Aging.supersededFiles());
        AGING.put(Tables.EMPLOYEES, Aging.current("the current HR snapshot: kept while current"));
        // (by file, not valid_to: an older version of the table holds the same snapshot as still current)
        AGING.put(Tables.EMPLOYEES_HISTORY, Aging.supersededFiles());
        AGING.put(Tables.COMMUTE_DISTANCES, Aging.current("the current distance table: kept while current"));
        AGING.put(Tables.QUARANTINE, Aging.before("quarantined_at", "", "rows quarantined before the horizon"));
        AGING.put(Tables.DIM_EMPLOYEE, Aging.current("the current employees: kept while current"));
        AGING.put(Tables.FCT_EMPLOYEE_BENEFITS, Aging.years("benefit_year"));
        AGING.put(Tables.QUARANTINE_RELEASES, Aging.before("released_at", "", "rows released before the horizon"));
        // a pending post is still to be delivered: it ages once delivered (or dead)
        AGING.put(Tables.SLACK_OUTBOX, Aging.before("created_at", "state <> 'PENDING'", "delivered posts created before the horizon"));
        List<String> unaged = TABLES.entrySet().stream().filter(e -> e.getValue().personal() && !AGING.containsKey(e.getKey()))
                .map(e -> e.getKey().qualifiedName()).toList();
        if (!unaged.isEmpty()) {
            throw new IllegalStateException("personal tables without a retention rule (catalog/PersonalData.AGING): " + unaged);
        }
    }

    /** How a personal table's rows age (every personal table has a rule; impersonal tables none). */
    public static Aging aging(TableId table) {
        Aging aging = AGING.get(table);
        if (aging == null) {
            throw new IllegalArgumentException(table + " holds no personal data: nothing of it is purged");
        }
        return aging;
    }

    /** The personal tables and how their rows age, in the catalogue's order. */
    public static Map<TableId, Aging> agingTables() {
        return java.util.Collections.unmodifiableMap(AGING);
    }

    /** What a command prints and logs (stdout, stderr, JSON logs). */
    public static final Output LOGS = new Output("logs (stdout, JSON logs)", List.of(), operations("stages, counts, file names, reasons; no name but on dry-run post lines"));
    public static final Output SLACK_POSTS = new Output("Slack posts", List.of(), new Classification(EnumSet.of(Kind.NAMES), true,
            Readers.SLACK, "an employee's name with the activity"), "Slack's own retention (the lake keeps no copy but the outbox)");
    /** Log lines starting with this stand in for the channel when no webhook is set: they hold the posts' names. */
    public static final String DRY_RUN_POST_PREFIX = "DRY-RUN Slack ";
    public static final Output DRY_RUN_POSTS = new Output("log lines `" + DRY_RUN_POST_PREFIX + "…` (no webhook set)", List.of(),
            new Classification(EnumSet.of(Kind.NAMES), true, Readers.SLACK, "the posts a dry run would have sent, printed instead"),
            "the log store's retention (the lake keeps no log)");
    public static final Output ALERTS_AND_METRICS = new Output("Slack alerts, Pushgateway metrics", List.of(),
            operations("run outcomes and figures"));

    /** The places outside the tables. */
    public static final List<Output> OUTPUTS = List.of(
            new Output("`landing/hr/`, `landing/sports/`", List.of("landing/hr/", "landing/sports/"),
                    hr(ALL, "the HR and declaration files as delivered"), "files a later delivery superseded before the horizon"),
            new Output("`landing/activities/`", List.of("landing/activities/"), employeeLevel("activity files: employee ids, free-text comments")),
            new Output("`connectors/strava/`", List.of("connectors/strava/"), employeeLevel("which Strava athlete is which employee (ids),"
                    + " each athlete's cursor; the tokens are outside the lake (STRAVA_TOKENS_FILE)")),
            new Output("`landing/reference/`", List.of("landing/reference/"), hr(EnumSet.of(Kind.ADDRESSES),
                    "the commute-distance table (home addresses) beside the public postcode base"),
                    "a distance table a later delivery superseded before the horizon"),
            new Output("`reports/dashboard.html`, `reports/runs/`", List.of("reports/dashboard.html", "reports/runs/"),
                    shared("the business dashboard: totals, counts, reasons")),
            new Output("`reports/dashboard-personal.html`", List.of("reports/dashboard-personal.html"),
                    hr(EnumSet.of(Kind.NAMES, Kind.SALARIES), "`dashboard --with-personal-data`: names and per-employee amounts"),
                    "removed (made again from the purged tables on demand)"),
            new Output("`quality/` (reports, metrics)", List.of("quality/"), operations("check results, counts and keys, never a personal field")),
            new Output("`exports/aggregate/`, `exports/manifest.json`", List.of("exports/aggregate/", "exports/manifest.json"),
                    shared("the BI snapshot's shared side")),
            new Output("`exports/personal/`", List.of("exports/personal/"), hr(EnumSet.of(Kind.NAMES, Kind.SALARIES),
                    "the BI snapshot's per-employee tables (names, amounts)"), "exported again from the purged tables"),
            new Output("`exports/pseudonymous/`", List.of("exports/pseudonymous/"), new Classification(NONE, true, Readers.DATA_TEAM,
                    "per-employee amounts and reasons under a keyed pseudonym (`SPORT_BENEFITS_PSEUDONYM_KEY`): no id, name or salary")),
            new Output("`scenarios/`, `_replay/`", List.of("scenarios/", "_replay/"), hr(EnumSet.of(Kind.SALARIES),
                    "what-if and replayed gold tables, per-employee amounts included"),
                    "a scenario's rows of benefit years that ended before the horizon (replays' scratch folders are removed after each replay)"),
            new Output("`ops/slack_journal/`, `ops/_ledger_journal/`, `ops/_checkpoints/`, `ops/_derived/`, `_lock/`, `_bench/`",
                    List.of("ops/slack_journal/", "ops/_ledger_journal/", "ops/_checkpoints/", "ops/_derived/", "_lock/", "_bench/"),
                    operations("delivery notes, run-ledger rows not yet appended, stream offsets, figures kept with the table state they"
                            + " were derived from (totals per benefit year, counts, the newest activity's time), the writer lock, benchmark counts")),
            LOGS, DRY_RUN_POSTS, SLACK_POSTS, ALERTS_AND_METRICS);

    private PersonalData() {
    }

    public static Classification of(TableId table) {
        Classification c = TABLES.get(table);
        if (c == null) {
            throw new IllegalArgumentException("no personal-data classification for " + table);
        }
        return c;
    }

    /** Every table with its classification, in the catalogue's order. */
    public static Map<TableId, Classification> tables() {
        return java.util.Collections.unmodifiableMap(TABLES);
    }

    /** The tables holding none of the kinds (what a privacy scan reads). */
    public static List<TableId> impersonalTables() {
        return TABLES.entrySet().stream().filter(e -> !e.getValue().personal()).map(Map.Entry::getKey).toList();
    }

    /**
     * The classification of a file of the lake, by its path relative to the lake root: the table whose folder holds it
     * (its data and its Delta log), or the output whose prefix it is under; empty when no place claims it.
     */
    public static java.util.Optional<Classification> ofFile(String relativePath) {
        for (Map.Entry<TableId, Classification> e : TABLES.entrySet()) {
            if (relativePath.startsWith(e.getKey().layer().folder() + "/" + e.getKey().name() + "/")) {
                return java.util.Optional.of(e.getValue());
            }
        }
        return OUTPUTS.stream().filter(o -> o.prefixes().stream().anyMatch(relativePath::startsWith)).map(Output::classification).findFirst();
    }

    /** The inventory as a Markdown table, for the README (a test holds the README to it). */
    public static String inventory() {
        StringBuilder out = new StringBuilder("| place | personal data | per employee | who may read it | what it holds | purged past the horizon |\n"
                + "|---|---|---|---|---|---|\n");
        TABLES.forEach((table, c) -> out.append(row("`" + table.qualifiedName() + "`", c, AGING.containsKey(table) ? AGING.get(table).rule() : "")));
        OUTPUTS.forEach(o -> out.append(row(o.place(), o.classification(), o.retention())));
        return out.toString();
    }

    private static String row(String place, Classification c, String retention) {
        String kinds = c.kinds().isEmpty() ? "none" : "**" + c.kinds().stream().map(k -> k.label).collect(Collectors.joining(", ")) + "**";
        return "| " + place + " | " + kinds + " | " + (c.perEmployee() ? "yes" : "no") + " | " + c.readers().label + " | " + c.why() + " | "
                + (c.personal() ? retention : "") + " |\n";
    }
}
