package com.sportdata.benefits.config;

import com.sportdata.benefits.support.Cron;

import com.sportdata.benefits.geo.GeoPoint;
import com.sportdata.benefits.rules.BenefitPeriods;
import com.sportdata.benefits.rules.BonusRules;
import com.sportdata.benefits.rules.CommuteMode;
import com.sportdata.benefits.rules.PeriodKind;
import com.sportdata.benefits.rules.RuleBook;
import com.sportdata.benefits.rules.Rules;
import com.sportdata.benefits.rules.TravelMode;
import com.sportdata.benefits.rules.WellnessRules;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole configuration as one immutable, validated tree, read once at start-up. */
public record AppConfig(Lake lake, SparkSettings spark, S3 s3, Office office, RuleBook rules, Commute commute,
                        Pipeline pipeline, Quality quality, Generator generator, Slack slack, Operations operations, Metrics metrics,
                        Schedule schedule, Export export, Languages language, ActivityFiles activities, Strava strava, Config source) {

    public static AppConfig from(Config config) {
        Settings root = new Settings(config, "");
        return new AppConfig(Lake.from(root.child("lake")), SparkSettings.from(root.child("spark")), S3.from(root.child("s3")),
                Office.from(root.child("office")), ruleBookFrom(root.child("rules")), Commute.from(root.child("commute")),
                Pipeline.from(root.child("pipeline")), Quality.from(root.child("quality")), Generator.from(root.child("generator")),
                Slack.from(root.child("slack")),
                Operations.from(root.child("pipeline"), root.child("lock"), root.child("logging")), Metrics.from(root.child("metrics")),
                Schedule.from(root.child("schedule")), Export.from(root.child("export")), Languages.from(root.child("language")),
                ActivityFiles.from(root.child("activities")), Strava.from(root.child("strava")), config);
    }

    /**
     * Every setting that decides what a run computes, as JSON for the run ledger: all but where the lake is and
     * how Spark runs (which may hold credentials and do not change results) and the generator.
     */
    public String reproducibleJson() {
        return source.withoutPath("lake").withoutPath("spark").withoutPath("s3").withoutPath("generator").withoutPath("slack").withoutPath("strava")
                .withoutPath("lock").withoutPath("logging").withoutPath("metrics").withoutPath("schedule").withoutPath("export").withoutPath("language").withoutPath("pipeline.stages").withoutPath("pipeline.fail-on-rejected").withoutPath("pipeline.incremental").root()
                .render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    /**
     * This configuration with the computing settings recorded by a past run ({@link #reproducibleJson()}): the
     * lake and Spark settings stay the current ones.
     */
    public AppConfig withRecorded(String json) {
        Config recorded = com.typesafe.config.ConfigFactory.parseString(json);
        return from(recorded.withFallback(source).resolve());
    }

    /** @param reproducibilityDays runs this recent can be replayed exactly: VACUUM keeps their files, Delta their log */
    /**
     * @param invocation the options besides --lake a suggested command repeats to reach this lake the same way
     *                   ({@code --config} files, storage {@code --set}s); empty when the defaults suffice
     * @param personalDataYears how long personal data is kept: {@code purge} removes what aged past it
     */
    public record Lake(String root, int reproducibilityDays, String invocation, int personalDataYears) {
        public Lake(String root, int reproducibilityDays) {
            this(root, reproducibilityDays, "", 5);
        }

        static Lake from(Settings s) {
            String root = s.string("root").trim();
            if (root.isEmpty()) {
                throw new ConfigError(s.key("root"), "must not be empty");
            }
            return new Lake(root, s.integer("retention.reproducibility-days", 0, 36_500), s.string("invocation"),
                    s.integer("retention.personal-data-years", 0, 100));
        }
    }

    /**
     * @param codegen         whole-stage code generation: AUTO (on only for activity files of at least
     *                        {@code codegenAboveMb}), ON, OFF
     * @param codegenAboveMb  the size of landing/activities from which AUTO turns it on
     * @param shufflePartitionMb MB of activity files per shuffle partition above {@code shufflePartitions} partitions
     *                        (0 = always {@code shufflePartitions})
     */
    public record SparkSettings(String appName, String master, int shufflePartitions, String localDir,
                                Map<String, String> conf, Codegen codegen, int codegenAboveMb, int shufflePartitionMb) {
        /** Whole-stage code generation (see conf/application.conf, spark.codegen). */
        public enum Codegen { AUTO, ON, OFF }

        public SparkSettings(String appName, String master, int shufflePartitions, String localDir, Map<String, String> conf) {
            this(appName, master, shufflePartitions, localDir, conf, Codegen.ON, 0, 0);
        }

        static SparkSettings from(Settings s) {
            Map<String, String> conf = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigValue> e : s.raw("conf").entrySet()) {
                conf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
            }
            return new SparkSettings(s.string("app-name"), s.string("master").trim(),
                    s.integer("shuffle-partitions", 1, 10_000), s.string("local-dir"), Map.copyOf(conf),
                    s.enumValue("codegen", Codegen.class), s.integer("codegen-above-mb", 0, 1_000_000),
                    s.integer("shuffle-partition-mb", 0, 1_000_000));
        }
    }

    /**
     * Where an {@code s3a://} lake is and how to reach it (see conf/application.conf, section s3). Holds secrets:
     * {@link #toString()} masks them.
     */
    public record S3(String endpoint, String region, String accessKey, String secretKey, String sessionToken,
                     String pathStyleAccess, int connectTimeoutMs, int socketTimeoutMs, int retries, int probeTimeoutSeconds,
                     Map<String, String> hadoop) {
        static S3 from(Settings s) {
            String pathStyle = s.string("path-style-access").trim().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("auto", "true", "false").contains(pathStyle)) {
                throw new ConfigError(s.key("path-style-access"), "expected auto, true or false, got '" + pathStyle + "'");
            }
            String endpoint = s.string("endpoint").trim();
            if (!endpoint.isEmpty() && !endpoint.matches("(?i)https?://[^/\\s]+/?")) {
                throw new ConfigError(s.key("endpoint"), "expected http(s)://host[:port], got '" + endpoint + "'");
            }
            Map<String, String> extra = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigValue> e : s.raw("hadoop").entrySet()) {
                extra.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
            }
            return new S3(endpoint, s.string("region").trim(), s.string("access-key").trim(), s.string("secret-key").trim(),
                    s.string("session-token").trim(), pathStyle, s.integer("connect-timeout-ms", 100, 600_000),
                    s.integer("socket-timeout-ms", 100, 3_600_000), s.integer("retries", 0, 100),
                    s.integer("probe-timeout-seconds", 1, 3600), Map.copyOf(extra));
        }

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", access-key=" + (accessKey.isEmpty() ? "" : "***")
                    + ", secret-key=" + (secretKey.isEmpty() ? "" : "***") + ", session-token=" + (sessionToken.isEmpty() ? "" : "***") + "]";
        }
    }

    public record Office(String address, GeoPoint location, ZoneId timeZone) {
        static Office from(Settings s) {
            double lat = s.decimal("latitude", BigDecimal.valueOf(-90), BigDecimal.valueOf(90)).doubleValue();
            double lon = s.decimal("longitude", BigDecimal.valueOf(-180), BigDecimal.valueOf(180)).doubleValue();
            ZoneId zone;
            try {
                zone = ZoneId.of(s.string("time-zone"));
            } catch (DateTimeException e) {
                throw new ConfigError(s.key("time-zone"), "unknown time zone '" + s.string("time-zone") + "'");
            }
            return new Office(s.string("address"), new GeoPoint(lat, lon), zone);
        }
    }

    /**
     * The base rules, then each entry of {@code rules.changes} layered over the previous year's rules from its
     * {@code from} benefit year on, then the years of record ({@code rules.register}, written from the lake's rules
     * register, never by hand): each has its own bonus and wellness rules. A change may only touch bonus and
     * wellness keys that exist.
     */
    static RuleBook ruleBookFrom(Settings s) {
        Rules base = rulesFrom(s.over(s.config().withoutPath(REGISTER_KEY)));
        java.util.TreeMap<Integer, Rules> changes = new java.util.TreeMap<>();
        defaultsByYear(s).forEach((year, merged) -> changes.put(year, rulesFrom(new Settings(merged, s.key("changes[from=" + year + "]")))));
        java.util.TreeMap<Integer, Rules> ofRecord = new java.util.TreeMap<>();
        if (s.config().hasPath(REGISTER_KEY)) {
            for (String year : s.config().getConfig(REGISTER_KEY).root().keySet()) {
                Config entry = s.config().getConfig(REGISTER_KEY + ".\"" + year + "\"").withFallback(s.config().withoutPath(REGISTER_KEY));
                ofRecord.put(Integer.parseInt(year), rulesFrom(new Settings(entry, s.key(REGISTER_KEY + "." + year))));
            }
        }
        long version = s.config().hasPath(REGISTER_VERSION_KEY) ? s.config().getLong(REGISTER_VERSION_KEY) : 0;
        return new RuleBook(base, changes, ofRecord, version);
    }

    /** Under {@code rules}: the bonus and wellness rules of each year of record, by year. */
    public static final String REGISTER_KEY = "register";
    /** Under {@code rules}: the version of the rules register those years come from. */
    public static final String REGISTER_VERSION_KEY = "register-version";

    /**
     * The {@code rules} section as the defaults give it for one benefit year: the base with every
     * {@code rules.changes} entry up to that year layered on ({@code changes} and {@code register} removed).
     */
    public static Config defaultRulesFor(Config rulesSection, int benefitYear) {
        Settings s = new Settings(rulesSection, "rules");
        Map.Entry<Integer, Config> entry = defaultsByYear(s).floorEntry(benefitYear);
        return entry == null ? rulesSection.withoutPath("changes").withoutPath(REGISTER_KEY).withoutPath(REGISTER_VERSION_KEY)
                : entry.getValue();
    }

    /** The rules section in force from each {@code rules.changes} year on, validated. */
    private static java.util.TreeMap<Integer, Config> defaultsByYear(Settings s) {
        List<? extends Config> entries = new ArrayList<>(s.objects("changes"));
        Config merged = s.config().withoutPath("changes").withoutPath(REGISTER_KEY).withoutPath(REGISTER_VERSION_KEY);
        java.util.TreeMap<Integer, Config> byYear = new java.util.TreeMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Settings entry = new Settings(entries.get(i), s.key("changes[" + i + "]"));
            int from = entry.integer("from", 2000, 2100);
            for (String key : entries.get(i).withoutPath("from").entrySet().stream().map(Map.Entry::getKey).toList()) {
                if (!(key.startsWith("bonus.") || key.startsWith("wellness.")) || !merged.hasPath(key)) {
                    throw new ConfigError(entry.key(key), "a rule change may set existing rules.bonus.* and rules.wellness.* keys only");
                }
            }
            if (byYear.put(from, entries.get(i).withoutPath("from")) != null) {
                throw new ConfigError(entry.key("from"), "two changes take effect in " + from);
            }
        }
        java.util.TreeMap<Integer, Config> changes = new java.util.TreeMap<>();
        for (Map.Entry<Integer, Config> change : byYear.entrySet()) {
            merged = change.getValue().withFallback(merged);
            changes.put(change.getKey(), merged);
        }
        return changes;
    }

    /** The rules a {@code rules} section gives (bonus, wellness, period): what a year's one rules hash is computed from. */
    public static Rules rulesOf(Config rulesSection) {
        return rulesFrom(new Settings(rulesSection, "rules"));
    }

    static Rules rulesFrom(Settings s) {
        Settings bonus = s.child("bonus");
        BigDecimal rate = bonus.decimal("rate", BigDecimal.ZERO, BigDecimal.ONE);
        Map<CommuteMode, BigDecimal> limits = new EnumMap<>(CommuteMode.class);
        List<? extends Config> modes = bonus.objects("eligible-modes");
        for (int i = 0; i < modes.size(); i++) {
            Settings entry = new Settings(modes.get(i), bonus.key("eligible-modes[" + i + "]"));
            CommuteMode mode = entry.enumValue("mode", CommuteMode.class);
            BigDecimal limit = entry.decimal("max-distance-km", BigDecimal.ZERO, BigDecimal.valueOf(1000));
            if (limits.put(mode, limit) != null) {
                throw new ConfigError(entry.key("mode"), "mode " + mode + " is listed twice");
            }
        }
        Settings wellness = s.child("wellness");
        WellnessRules wellnessRules = new WellnessRules(wellness.integer("activity-threshold", 1, 10_000),
                wellness.integer("days", 0, 365), wellness.integer("working-days-per-year", 1, 366));
        Settings period = s.child("period");
        BenefitPeriods periods = new BenefitPeriods(period.enumValue("kind", PeriodKind.class),
                period.integer("rolling-end-month", 1, 12));
        return new Rules(new BonusRules(rate, limits), wellnessRules, periods);
    }

    /** Where commute distances come from, in order, and the detour factor of each travel mode. */
    public record Commute(List<DistanceProviderKind> providers, Map<TravelMode, Double> detourFactors, OnlineRouting online) {
        static Commute from(Settings s) {
            List<DistanceProviderKind> providers = new ArrayList<>();
            List<String> names = s.strings("providers");
            for (int i = 0; i < names.size(); i++) {
                try {
                    providers.add(DistanceProviderKind.valueOf(names.get(i).trim().toUpperCase()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigError(s.key("providers[" + i + "]"), "unknown provider '" + names.get(i)
                            + "', expected one of " + java.util.Arrays.toString(DistanceProviderKind.values()));
                }
            }
            Map<TravelMode, Double> factors = new EnumMap<>(TravelMode.class);
            Settings detour = s.child("detour-factors");
            for (TravelMode mode : TravelMode.values()) {
                factors.put(mode, detour.decimal(mode.name(), BigDecimal.ONE, BigDecimal.valueOf(5)).doubleValue());
            }
            return new Commute(List.copyOf(providers), Map.copyOf(factors), OnlineRouting.from(s.child("online")));
        }
    }

    /**
     * The online routing provider (Google Routes {@code computeRouteMatrix}), used when {@code ONLINE_ROUTES} is in
     * {@code commute.providers}. Its API key comes only from the environment ({@value #API_KEY_ENV}).
     *
     * @param maxOriginsPerRequest origins given as addresses per call (Google: at most 50 waypoints given as addresses,
     *                             the office is the 50th)
     * @param elementsPerMinute    Google's quota of matrix elements per minute: calls are paced under it
     * @param maxElementsPerRun    what a run may pay for at most; the addresses past it wait for the next run
     */
    public record OnlineRouting(String url, int maxOriginsPerRequest, int elementsPerMinute, int maxElementsPerRun, int timeoutMs,
                                int maxAttempts) implements java.io.Serializable {
        public static final String API_KEY_ENV = "GOOGLE_ROUTES_API_KEY";

        static OnlineRouting from(Settings s) {
            return new OnlineRouting(s.string("url").trim(), s.integer("max-origins-per-request", 1, 49),
                    s.integer("elements-per-minute", 1, 100_000), s.integer("max-elements-per-run", 0, 10_000_000),
                    s.integer("timeout-ms", 100, 600_000), s.integer("max-attempts", 1, 10));
        }
    }

    /**
     * PRECOMPUTED_TABLE: the reference table (Google routing, computed once); ONLINE_ROUTES: Google Routes called for
     * the addresses the earlier providers could not place (opt-in: home addresses leave the company); POSTCODE_ESTIMATE:
     * the commune's centre × the mode's detour factor, offline.
     */
    public enum DistanceProviderKind { PRECOMPUTED_TABLE, ONLINE_ROUTES, POSTCODE_ESTIMATE }

    /**
     * Which HR snapshot gold computes a benefit year with: the latest one (corrections included) or the one
     * in force at the end of that year (the data as known then; the earliest snapshot when none was yet).
     */
    public enum HrSnapshot { LATEST, PERIOD_END }

    /**
     * @param periods     explicit benefit years, empty = "auto"
     * @param incremental skip a layer whose inputs, parameters and product did not change since its last build
     */
    public record Pipeline(List<Integer> periods, Optional<LocalDate> asOfDate, int tableParallelism, HrSnapshot hrSnapshot,
                           boolean incremental) {
        static Pipeline from(Settings s) {
            List<Integer> periods = List.of();
            String text = s.anyValue("periods");
            if (!"auto".equalsIgnoreCase(text.trim())) {
                periods = parseYears(s.key("periods"), text);
            }
            String asOf = s.string("as-of-date").trim();
            Optional<LocalDate> asOfDate = Optional.empty();
            if (!asOf.isEmpty()) {
                try {
                    asOfDate = Optional.of(LocalDate.parse(asOf));
                } catch (DateTimeParseException e) {
                    throw new ConfigError(s.key("as-of-date"), "not a date (yyyy-MM-dd): '" + asOf + "'");
                }
            }
            return new Pipeline(periods, asOfDate, s.integer("table-parallelism", 1, 16),
                    s.enumValue("hr-snapshot", HrSnapshot.class), s.bool("incremental"));
        }

        static List<Integer> parseYears(String key, String text) {
            List<Integer> years = new ArrayList<>();
            for (String part : text.replaceAll("[\\[\\]\\s]", "").split(",")) {
                if (part.isEmpty()) {
                    continue;
                }
                try {
                    int year = Integer.parseInt(part);
                    if (year < 2000 || year > 2100) {
                        throw new ConfigError(key, "year out of range: " + year);
                    }
                    years.add(year);
                } catch (NumberFormatException e) {
                    throw new ConfigError(key, "expected \"auto\" or a list of years, got '" + text + "'");
                }
            }
            if (years.isEmpty()) {
                throw new ConfigError(key, "expected \"auto\" or a non-empty list of years");
            }
            return List.copyOf(years);
        }
    }

    /**
     * Activity files in other shapes than the business's CSV and Strava's JSON lines, and sport names the catalogue
     * lacks ({@code activities} in conf/application.conf).
     *
     * @param sportAliases a name's match key (no case, accents, spaces or punctuation) → a sport of the catalogue
     * @param shapes       declared file shapes, tried in order before the usual names are recognised
     */
    public record ActivityFiles(Map<String, String> sportAliases, List<FileShape> shapes) implements java.io.Serializable {
        static ActivityFiles from(Settings s) {
            Map<String, String> aliases = new java.util.TreeMap<>();
            Config raw = s.raw("sport-aliases");
            for (Map.Entry<String, com.typesafe.config.ConfigValue> e : raw.root().entrySet()) {
                String sport = String.valueOf(e.getValue().unwrapped()).trim().toUpperCase(java.util.Locale.ROOT);
                if (java.util.Arrays.stream(com.sportdata.benefits.sport.Sport.values()).noneMatch(v -> v.name().equals(sport))) {
                    throw new ConfigError(s.key("sport-aliases." + e.getKey()), "'" + e.getValue().unwrapped()
                            + "' is not a sport of the catalogue; one of " + java.util.Arrays.toString(com.sportdata.benefits.sport.Sport.values()));
                }
                String key = com.sportdata.benefits.geo.Text.matchKey(e.getKey());
                if (key == null || key.isEmpty()) {
                    throw new ConfigError(s.key("sport-aliases"), "an alias needs letters or digits: '" + e.getKey() + "'");
                }
                aliases.put(key, sport);
            }
            List<FileShape> shapes = new ArrayList<>();
            List<? extends Config> declared = s.objects("shapes");
            for (int i = 0; i < declared.size(); i++) {
                shapes.add(FileShape.from(new Settings(declared.get(i), s.key("shapes") + "[" + i + "]")));
            }
            return new ActivityFiles(Map.copyOf(aliases), List.copyOf(shapes));
        }

        /** No declared shape and no extra sport name: the defaults. */
        public static ActivityFiles none() {
            return new ActivityFiles(Map.of(), List.of());
        }
    }

    /**
     * A declared activity-file shape: which files (a glob on the file name), their format, and the header (or JSON key)
     * of each field; what is not declared is recognised by its usual names. Units and the date format apply to every
     * file of the shape.
     *
     * @param columns field ({@code id, employee, start, end, sport, distance, duration, comment}) → header or JSON key
     */
    public record FileShape(String name, String files, String format, String delimiter, Map<String, String> columns,
                            String dateFormat, String distanceUnit, String durationUnit) implements java.io.Serializable {
        public static final List<String> FIELDS = List.of("id", "employee", "start", "end", "sport", "distance", "duration", "comment");
        public static final List<String> FORMATS = List.of("auto", "csv", "xlsx", "jsonl");
        public static final List<String> DISTANCE_UNITS = List.of("", "m", "km", "mi");
        public static final List<String> DURATION_UNITS = List.of("", "s", "min", "h");

        static FileShape from(Settings s) {
            Map<String, String> columns = new java.util.LinkedHashMap<>();
            if (s.config().hasPath("columns")) {
                for (Map.Entry<String, com.typesafe.config.ConfigValue> e : s.raw("columns").root().entrySet()) {
                    if (!FIELDS.contains(e.getKey())) {
                        throw new ConfigError(s.key("columns." + e.getKey()), "not a field of an activity; one of " + FIELDS);
                    }
                    columns.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
                }
            }
            String format = optional(s, "format", "auto").toLowerCase(java.util.Locale.ROOT);
            String distance = optional(s, "distance-unit", "").toLowerCase(java.util.Locale.ROOT);
            String duration = optional(s, "duration-unit", "").toLowerCase(java.util.Locale.ROOT);
            String delimiter = optional(s, "delimiter", "");
            String dateFormat = optional(s, "date-format", "");
            checkOneOf(s, "format", format, FORMATS);
            checkOneOf(s, "distance-unit", distance, DISTANCE_UNITS);
            checkOneOf(s, "duration-unit", duration, DURATION_UNITS);
            if (delimiter.length() > 1) {
                throw new ConfigError(s.key("delimiter"), "one character, e.g. \";\" or \"\\t\", not '" + delimiter + "'");
            }
            if (!dateFormat.isEmpty()) {
                try {
                    java.time.format.DateTimeFormatter.ofPattern(dateFormat);
                } catch (IllegalArgumentException e) {
                    throw new ConfigError(s.key("date-format"), "not a date pattern (e.g. dd.MM.yyyy HH:mm): " + e.getMessage());
                }
            }
            String files = s.string("files").trim();
            if (files.isEmpty()) {
                throw new ConfigError(s.key("files"), "a glob on the file name, e.g. \"club_*.csv\"");
            }
            return new FileShape(optional(s, "name", files), files, format, delimiter, Map.copyOf(columns), dateFormat, distance, duration);
        }

        /** Whether a landing file's name is one of this shape's. */
        public boolean matches(String fileName) {
            return java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + files).matches(java.nio.file.Path.of(fileName));
        }

        private static String optional(Settings s, String path, String fallback) {
            return s.config().hasPath(path) ? s.string(path).trim() : fallback;
        }

        private static void checkOneOf(Settings s, String path, String value, List<String> allowed) {
            if (!allowed.contains(value)) {
                throw new ConfigError(s.key(path), "'" + value + "' is not one of " + allowed.stream().filter(a -> !a.isEmpty()).toList());
            }
        }
    }

    /**
     * The Strava connector ({@code strava pull}). Secrets only from the environment: {@value #CLIENT_ID_ENV},
     * {@value #CLIENT_SECRET_ENV}, and {@value #TOKENS_FILE_ENV}, the path of the athletes' tokens (a file outside the
     * repository and the lake: Strava rotates refresh tokens, so the connector rewrites it).
     *
     * @param athletes        the athlete → employee mapping, a CSV ({@code athlete_id,employee_id}) under the lake root
     * @param readLimitMargin read requests kept in hand under each of Strava's read limits (15 minutes, day)
     * @param refreshBeforeSeconds an access token expiring within this is refreshed before it is used
     * @param pullInRun       {@code run} pulls before it ingests
     */
    public record Strava(String apiUrl, String tokenUrl, String athletes, int perPage, int readLimitMargin, int maxAttempts,
                         int timeoutMs, int refreshBeforeSeconds, boolean pullInRun, Webhook webhook) implements java.io.Serializable {
        /** Where {@code strava serve} listens for Strava's events, and how often it lands what it queued. */
        public record Webhook(String bind, int port, String path, int pollMs) implements java.io.Serializable {
        }

        public static final String VERIFY_TOKEN_ENV = "STRAVA_VERIFY_TOKEN";
        public static final String CLIENT_ID_ENV = "STRAVA_CLIENT_ID";
        public static final String CLIENT_SECRET_ENV = "STRAVA_CLIENT_SECRET";
        public static final String TOKENS_FILE_ENV = "STRAVA_TOKENS_FILE";

        static Strava from(Settings s) {
            return new Strava(s.string("api-url").trim().replaceAll("/+$", ""), s.string("token-url").trim(), s.string("athletes").trim(),
                    s.integer("per-page", 1, 200), s.integer("read-limit-margin", 0, 1000), s.integer("max-attempts", 1, 10),
                    s.integer("timeout-ms", 100, 600_000), s.integer("refresh-before-seconds", 0, 86_400), s.bool("pull-in-run"),
                    new Webhook(s.string("webhook.bind").trim(), s.integer("webhook.port", 0, 65_535), s.string("webhook.path").trim(),
                            s.integer("webhook.poll-ms", 50, 60_000)));
        }
    }

    /** Bounds of the quality rules and anomaly thresholds. */
    public record Quality(List<String> businessUnits, List<String> contractTypes, BigDecimal salaryPlausibleMinEur,
                          BigDecimal salaryPlausibleMaxEur, int paidLeaveDaysMax, int minWorkingAge, int maxAgeYears,
                          int activityMaxAgeDays, int maxActivityHours, Anomalies anomalies) implements java.io.Serializable {
        static Quality from(Settings s) {
            BigDecimal big = BigDecimal.valueOf(100_000_000);
            return new Quality(List.copyOf(s.strings("business-units")), List.copyOf(s.strings("contract-types")),
                    s.decimal("salary-plausible-min-eur", BigDecimal.ZERO, big), s.decimal("salary-plausible-max-eur", BigDecimal.ZERO, big),
                    s.integer("paid-leave-days-max", 0, 366), s.integer("min-working-age", 0, 100), s.integer("max-age-years", 1, 150),
                    s.integer("activity-max-age-days", 1, 36_500), s.integer("max-activity-hours", 1, 240),
                    Anomalies.from(s.child("anomalies")));
        }
    }

    public record Anomalies(double volumeMaxIncrease, int volumeWindowDays, int volumeMinRows, int silentFeedDays,
                            double snapshotMaxChange, double costMaxChange, double eligibleMaxChange)
            implements java.io.Serializable {
        static Anomalies from(Settings s) {
            BigDecimal max = BigDecimal.valueOf(1000);
            return new Anomalies(s.decimal("volume-max-increase", BigDecimal.ZERO, max).doubleValue(),
                    s.integer("volume-window-days", 1, 366), s.integer("volume-min-rows", 0, 1_000_000_000),
                    s.integer("silent-feed-days", 1, 366),
                    s.decimal("snapshot-max-change", BigDecimal.ZERO, max).doubleValue(),
                    s.decimal("cost-max-change", BigDecimal.ZERO, max).doubleValue(),
                    s.decimal("eligible-max-change", BigDecimal.ZERO, max).doubleValue());
        }
    }

    /**
     * How runs are operated: which rejected landing folders fail the run, the retry policy of each stage, the
     * writer lock, and the log format.
     */
    public record Operations(List<String> failOnRejected, Map<String, StageRetry> retries, int lockLeaseSeconds, int lockWaitSeconds,
                             String logFormat) {
        static Operations from(Settings pipeline, Settings lock, Settings logging) {
            Map<String, StageRetry> retries = new LinkedHashMap<>();
            for (String stage : pipeline.raw("stages").root().keySet()) {
                Settings r = pipeline.child("stages." + stage);
                retries.put(stage, new StageRetry(r.integer("max-attempts", 1, 100), r.integer("backoff-initial-ms", 0, 3_600_000),
                        r.integer("backoff-max-ms", 0, 3_600_000)));
            }
            List<String> folders = List.copyOf(pipeline.strings("fail-on-rejected"));
            for (String folder : folders) {
                if (!List.of("hr", "sports", "activities", "reference").contains(folder)) {
                    throw new ConfigError(pipeline.key("fail-on-rejected"), "unknown landing folder '" + folder
                            + "', expected some of [hr, sports, activities, reference]");
                }
            }
            String format = logging.string("format").trim().toLowerCase(java.util.Locale.ROOT);
            if (!format.equals("text") && !format.equals("json")) {
                throw new ConfigError(logging.key("format"), "must be text or json, got '" + format + "'");
            }
            return new Operations(folders, Map.copyOf(retries), lock.integer("lease-seconds", 5, 86_400),
                    lock.integer("wait-seconds", 0, 86_400), format);
        }

        public StageRetry retry(String stage) {
            return retries.getOrDefault(stage, new StageRetry(1, 0, 0));
        }
    }

    /**
     * The BI snapshot ({@code export} command): where it goes (empty = {@code <lake>/exports}) and whether every
     * {@code run} ends with it (a stage after quality); whether every run writes the dashboard (reports/dashboard.html).
     */
    /** The language each audience reads: the business (dashboard, per-employee page), the data team (report, alerts). */
    public record Languages(com.sportdata.benefits.support.Language business, com.sportdata.benefits.support.Language dataTeam) {
        static Languages from(Settings s) {
            return new Languages(s.enumValue("business", com.sportdata.benefits.support.Language.class),
                    s.enumValue("data-team", com.sportdata.benefits.support.Language.class));
        }

        public com.sportdata.benefits.support.Messages forBusiness() {
            return com.sportdata.benefits.support.Messages.of(business);
        }

        public com.sportdata.benefits.support.Messages forDataTeam() {
            return com.sportdata.benefits.support.Messages.of(dataTeam);
        }
    }

    public record Export(String to, boolean afterRun, boolean dashboard) {
        static Export from(Settings s) {
            return new Export(s.string("to").trim(), s.bool("after-run"), s.bool("dashboard"));
        }
    }

    /**
     * Where a run's metrics go besides ops/run_metrics: a Prometheus Pushgateway (empty URL = none; the URL may hold
     * credentials, so it stays out of the ledger and the logs), the job name, how long a push may take, and whether
     * every command publishes its metrics at all.
     */
    public record Metrics(String pushgatewayUrl, String job, int pushTimeoutMs, boolean publish) {
        static Metrics from(Settings s) {
            String job = s.string("job").trim();
            if (!job.matches("[A-Za-z0-9_.-]+")) {
                throw new ConfigError(s.key("job"), "may hold letters, digits and _ . - only, got '" + job + "'");
            }
            String url = s.string("pushgateway-url").trim();
            if (!url.isEmpty() && !url.matches("(?i)https?://.+")) {
                throw new ConfigError(s.key("pushgateway-url"), "must be an http(s) URL such as http://127.0.0.1:9091");
            }
            return new Metrics(url, job, s.integer("push-timeout-ms", 100, 600_000), s.bool("publish"));
        }

        @Override
        public String toString() {
            return "Metrics[pushgatewayUrl=" + (pushgatewayUrl.isEmpty() ? "" : "***") + ", job=" + job + ", pushTimeoutMs=" + pushTimeoutMs + ", publish=" + publish + "]";
        }
    }

    /** The `schedule` command's settings: Quartz cron expressions per command (empty = off), misfires, the stop. */
    public record Schedule(String run, String digest, String vacuum, boolean notifyFollow, String misfire, int misfireThresholdSeconds,
                           int stopGraceSeconds, String timeZone, boolean stravaServe) {
        static Schedule from(Settings s) {
            for (String key : List.of("run", "digest", "vacuum")) {
                String problem = Cron.problem(s.string(key));
                if (problem != null) {
                    throw new ConfigError(s.key(key), problem);
                }
            }
            String misfire = s.string("misfire").trim().toLowerCase(java.util.Locale.ROOT);
            if (!misfire.equals("fire-once") && !misfire.equals("skip")) {
                throw new ConfigError(s.key("misfire"), "must be fire-once or skip, got '" + misfire + "'");
            }
            String zone = s.string("time-zone").trim();
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new ConfigError(s.key("time-zone"), "is not a time zone: '" + zone + "'");
            }
            return new Schedule(s.string("run").trim(), s.string("digest").trim(), s.string("vacuum").trim(), s.bool("notify-follow"),
                    misfire, s.integer("misfire-threshold-seconds", 1, 86_400), s.integer("stop-grace-seconds", 0, 86_400), zone,
                    s.bool("strava-serve"));
        }
    }

    /** Attempts of a stage failing for a transient reason, with exponential backoff between them. */
    public record StageRetry(int maxAttempts, long backoffInitialMs, long backoffMaxMs) {
    }

    /** How Slack posts are paced, retried and cut off; the webhook URLs are not here (environment only). */
    public record Slack(int announceMaxAgeHours, double messagesPerSecond, int maxAttempts, long backoffInitialMs, long backoffMaxMs,
                        long timeoutMs, int breakerFailures, int breakerCooldownSeconds, int followPollSeconds, int deadAfterAttempts) {
        static Slack from(Settings s) {
            return new Slack(s.integer("announce-max-age-hours", 1, 24 * 365),
                    s.decimal("messages-per-second", new BigDecimal("0.01"), BigDecimal.valueOf(1000)).doubleValue(),
                    s.integer("max-attempts", 1, 100), s.integer("backoff-initial-ms", 0, 600_000),
                    s.integer("backoff-max-ms", 0, 3_600_000), s.integer("timeout-ms", 10, 600_000),
                    s.integer("breaker-failures", 1, 1000), s.integer("breaker-cooldown-seconds", 0, 86_400),
                    s.integer("follow-poll-seconds", 1, 3600), s.integer("dead-after-attempts", 1, 100_000));
        }
    }

    public record Generator(long seed, int employees, String activityFormat, int historyMonths, int liveMaxMinutesAgo) {
        static Generator from(Settings s) {
            String format = s.string("activity-format").trim().toLowerCase();
            if (!format.equals("csv") && !format.equals("json")) {
                throw new ConfigError(s.key("activity-format"), "must be csv or json, got '" + format + "'");
            }
            long seed = s.integer("seed", Integer.MIN_VALUE, Integer.MAX_VALUE);
            return new Generator(seed, s.integer("employees", 1, 1_000_000), format, s.integer("history-months", 1, 120),
                    s.integer("live-max-minutes-ago", 1, 10_000));
        }
    }
}
