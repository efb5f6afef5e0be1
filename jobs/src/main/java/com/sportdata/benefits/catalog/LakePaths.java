package com.sportdata.benefits.catalog;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigLoader;

import java.nio.file.Path;
import java.util.List;

/**
 * Resolves where things live. A local root becomes an absolute {@code file:} URI; {@code s3a://} and
 * other URIs are kept as they are, so the same code runs on the local lake and on S3/MinIO.
 */
public final class LakePaths {
    private final String root;
    /** The options besides --lake a suggested command repeats (see {@link AppConfig.Lake#invocation()}). */
    private final String invocation;
    /** Where gold tables are written instead of {@code <root>/gold} (scenarios, replays); null = the official gold. */
    private final String goldRoot;

    public LakePaths(String root) {
        this(normalise(root), "", null);
    }

    /** The lake a configuration names, reached the way its command line reached it. */
    public LakePaths(AppConfig.Lake lake) {
        this(normalise(lake.root()), lake.invocation(), null);
    }

    private LakePaths(String root, String invocation, String goldRoot) {
        this.root = root;
        this.invocation = invocation == null ? "" : invocation.trim();
        this.goldRoot = goldRoot;
    }

    /** The same lake with gold tables at {@code <root>/<folder>} (official gold untouched); other layers unchanged. */
    public LakePaths withGoldAt(String folder) {
        return new LakePaths(root, invocation, root + "/" + folder);
    }

    public String scenarios() {
        return root + "/scenarios";
    }

    /** A scenario's folder: its gold tables live there (official gold untouched). */
    public String scenarioFolder(String name) {
        return "scenarios/" + name;
    }

    /** A replay's scratch folder, removed when the replay ends. */
    public String replayFolder(String replayRunId) {
        return "_replay/" + replayRunId;
    }

    /** A folder of the lake given relative to its root (a scenario's, a replay's). */
    public String folder(String relative) {
        return root + "/" + relative;
    }

    /** One of the lake's layer folders (bronze, silver, gold, ops), for listing its tables. */
    public String layerFolder(Layer layer) {
        return root + "/" + layer.folder();
    }

    /** Deequ's metrics history (the anomaly detection's series). */
    public String qualityMetrics() {
        return root + "/quality/metrics.json";
    }

    /** The HTML quality report of a run. */
    public String qualityReport(String runId) {
        return root + "/quality/reports/" + runId + ".html";
    }

    /** The latest dashboard, a run's own copy of it, and the per-employee page. */
    public String dashboard() {
        return root + "/reports/dashboard.html";
    }

    public String runDashboard(String runId) {
        return root + "/reports/runs/" + runId + ".html";
    }

    public String personalDashboard() {
        return root + "/reports/dashboard-personal.html";
    }

    /** The BI snapshot's default target. */
    public String exports() {
        return root + "/exports";
    }

    /** The Slack journal (one small file per delivery note) and the notifier's streaming checkpoints. */
    public String slackJournal() {
        return root + "/ops/slack_journal";
    }

    /** The run ledger's journal: a row per ended attempt, until the command's end appends them to the ledger. */
    public String ledgerJournal() {
        return root + "/ops/_ledger_journal";
    }

    /**
     * Where a figure derived from a table (gold's figures per year, the newest activity) is kept with the state of the
     * table it was derived from, so that a command finding the table in that state does not read it again.
     */
    public String derived(TableId table, String what) {
        return root + "/ops/_derived/" + relative(table) + "/" + what.replaceAll("[^A-Za-z0-9_-]", "_") + ".json";
    }

    public String checkpoint(String name) {
        return root + "/ops/_checkpoints/" + name;
    }

    /** The writer lock's file on an object store. */
    public String lockFile() {
        return root + "/_lock/writer.lock";
    }

    /** Where the scale benchmark's floor writes. */
    public String benchFloor() {
        return root + "/_bench/floor_counts";
    }

    /** A location as Hadoop reads it: a URI kept as given, a plain path made absolute ({@code file:/…}); no trailing slash. */
    public static String location(String root) {
        return normalise(root);
    }

    private static String normalise(String root) {
        String trimmed = root.trim();
        if (trimmed.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return trimmed.replaceAll("/+$", "");
        }
        String uri = Path.of(trimmed).toAbsolutePath().normalize().toUri().toString();
        return uri.replaceAll("/+$", "");
    }

    public String root() {
        return root;
    }

    /**
     * A file of the lake as a person can open it: a local lake's file as a plain path; on an object store (which no
     * browser opens) its URI followed by the command that copies it here, {@code copyCommand} run with
     * {@code --copy-to FILE}.
     */
    public String openable(String file, String copyCommand, String localName) {
        if (file.startsWith("file:")) {
            return Path.of(java.net.URI.create(file)).toString();
        }
        return file + " (on the object store; a copy to open here: `" + command(copyCommand + " --copy-to " + localName) + "`)";
    }

    /**
     * A command of the product as a person pastes it into a shell for this lake: {@code scripts/sport-benefits <command>
     * --lake <root>} (a local lake as a plain path, quoted when it holds a space or a shell character).
     */
    public String command(String commandAndOptions) {
        String lake = ConfigLoader.shellWord(root.startsWith("file:") ? Path.of(java.net.URI.create(root)).toString() : root);
        int space = commandAndOptions.indexOf(' ');
        String command = space < 0 ? commandAndOptions : commandAndOptions.substring(0, space);
        String options = space < 0 ? "" : commandAndOptions.substring(space);
        java.util.regex.Matcher subcommand = java.util.regex.Pattern.compile("^ ([a-z]+)(?= |$)").matcher(options);
        if (List.of("rules", "landing", "lock").contains(command) && subcommand.find()) {
            command = command + " " + subcommand.group(1);
            options = options.substring(subcommand.end());
        }
        return "scripts/sport-benefits " + command + " --lake " + lake + (invocation.isEmpty() ? "" : " " + invocation) + options;
    }

    public String table(TableId id) {
        if (goldRoot != null && id.layer() == Layer.GOLD) {
            return goldRoot + "/" + id.name();
        }
        return root + "/" + id.layer().folder() + "/" + id.name();
    }

    /** Where a table lives relative to the lake root ("silver/employees", "scenarios/x/fct_employee_benefits"). */
    public String relative(TableId id) {
        return table(id).substring(root.length() + 1);
    }

    /** The official table at a relative location, if it is one ("silver/employees" → silver.employees). */
    public static java.util.Optional<TableId> officialTable(String relative) {
        String[] parts = relative.split("/");
        if (parts.length != 2) {
            return java.util.Optional.empty();
        }
        for (Layer layer : Layer.values()) {
            if (layer.folder().equals(parts[0])) {
                return java.util.Optional.of(new TableId(layer, parts[1]));
            }
        }
        return java.util.Optional.empty();
    }

    public String landing(String source) {
        return root + "/landing/" + source;
    }

    public String landingRoot() {
        return root + "/landing";
    }
}
