package com.sportdata.benefits.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sportdata.benefits.config.AppConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Strava connector's files in the lake (a folder or S3, through Hadoop's file systems): the athletes file, the
 * cursors, the webhook's event queue and the landing files it writes. Every file is written whole — a hidden temporary
 * file renamed — so a reader (a run listing the landing zone) never sees half of one.
 */
public final class StravaLake {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the cursors live, under the lake root: {@code {"<athlete id>": <epoch seconds of the latest start landed>}}. */
    public static final String CURSORS = "connectors/strava/cursors.json";
    public static final String LANDING = "landing/activities/";

    private final AppConfig config;
    private final Configuration hadoop;

    public StravaLake(AppConfig config, Configuration hadoop) {
        this.config = config;
        this.hadoop = hadoop;
    }

    /** Strava's activity as landed: {@code athlete.id} is the employee, Strava's athlete id kept as {@code strava_athlete_id}. */
    public static ObjectNode landed(JsonNode activity, long athlete, long employee) {
        ObjectNode copy = (ObjectNode) activity.deepCopy();
        copy.put("strava_athlete_id", athlete);
        copy.putObject("athlete").put("id", employee);
        return copy;
    }

    public boolean hasAthletesFile() {
        return exists(athletesFile());
    }

    /** athlete id → employee id, from the lake's athletes file. */
    public Map<Long, Long> athletes() {
        String file = athletesFile();
        if (!exists(file)) {
            throw new IllegalArgumentException("no Strava athletes file at " + file + " (strava.athletes): a CSV athlete_id,employee_id, "
                    + "one line per connected athlete (docs/strava.md)");
        }
        Map<Long, Long> athletes = new TreeMap<>();
        List<String> lines = read(file).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || !lines.get(0).replace(" ", "").equalsIgnoreCase("athlete_id,employee_id")) {
            throw new IllegalArgumentException(file + ": the header must be athlete_id,employee_id");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("[,;]");
            try {
                athletes.put(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected athlete_id,employee_id (two whole numbers)");
            }
        }
        return athletes;
    }

    public Map<Long, Long> cursors() {
        String file = root() + "/" + CURSORS;
        Map<Long, Long> cursors = new TreeMap<>();
        if (!exists(file)) {
            return cursors;
        }
        try {
            JSON.readTree(read(file)).fields().forEachRemaining(e -> cursors.put(Long.parseLong(e.getKey()), e.getValue().asLong()));
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not JSON: " + e.getMessage());
        }
        return cursors;
    }

    public void writeCursors(Map<Long, Long> cursors) {
        ObjectNode root = JSON.createObjectNode();
        cursors.forEach((athlete, cursor) -> root.put(Long.toString(athlete), cursor));
        replace(root() + "/" + CURSORS, root.toString());
    }

    /** Writes a landing file whole under its name (a hidden temporary renamed); false when that very content is there. */
    public boolean writeOnce(String name, String content) {
        String target = root() + "/landing/activities/" + name;
        if (exists(target)) {
            return false;
        }
        replace(target, content);
        return true;
    }

    /** The file system of a location; on a local disk the raw one (no hidden {@code .crc} file beside each landing file). */
    private FileSystem fileSystem(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(hadoop);
        return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    private void replace(String target, String content) {
        try {
            Path path = new Path(target);
            FileSystem fs = fileSystem(path);
            Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp");
            try (OutputStream out = fs.create(temporary, true)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            if (fs.exists(path)) {
                fs.delete(path, false);
            }
            if (!fs.rename(temporary, path)) {
                throw new IOException("rename of " + temporary + " refused");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private boolean exists(String location) {
        try {
            Path path = new Path(location);
            return fileSystem(path).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look at " + location + ": " + e.getMessage(), e);
        }
    }

    private String read(String location) {
        try {
            Path path = new Path(location);
            try (InputStream in = fileSystem(path).open(path)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private String athletesFile() {
        return root() + "/" + config.strava().athletes();
    }

    private String root() {
        return config.lake().root().replaceAll("/+$", "");
    }

    /** The names of the files in a folder under the lake root (hidden ones left out), sorted; none when it does not exist. */
    public List<String> list(String folder) {
        try {
            Path path = new Path(root() + "/" + folder);
            FileSystem fs = fileSystem(path);
            if (!fs.exists(path)) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (FileStatus status : fs.listStatus(path)) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith(".")) {
                    names.add(name);
                }
            }
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** A file under the lake root, written whole. */
    public void write(String relative, String content) {
        replace(root() + "/" + relative, content);
    }

    public String readRelative(String relative) {
        return read(root() + "/" + relative);
    }

    /** Moves a file under the lake root to another name (replacing it). */
    public void move(String from, String to) {
        try {
            Path source = new Path(root() + "/" + from);
            Path target = new Path(root() + "/" + to);
            FileSystem fs = fileSystem(source);
            fs.mkdirs(target.getParent());
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(source, target)) {
                throw new IOException("rename refused");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
