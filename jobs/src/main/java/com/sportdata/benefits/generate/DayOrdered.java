package com.sportdata.benefits.generate;

import com.sportdata.benefits.sport.Sport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * A company's generated activities, given back in the order of their start (then employee), each id once — the first
 * in that order — with no more than one day of them in memory: they wait in a temporary file per day (a year of a
 * million employees' activities, ~35 million, does not fit a driver's heap). Only the ids are held, in one array,
 * to find the few that two activities share.
 */
final class DayOrdered implements Iterable<Activities.Activity>, Closeable {
    private static final Comparator<Activities.Activity> ORDER = Comparator.comparing(Activities.Activity::startLocal)
            .thenComparingLong(Activities.Activity::employeeId);

    private final Path folder;
    private final TreeMap<LocalDate, DataOutputStream> days = new TreeMap<>();
    private long[] ids = new long[1024];
    private int added;
    private int given;
    private boolean read;

    DayOrdered(Path scratch) throws IOException {
        Files.createDirectories(scratch);
        this.folder = Files.createTempDirectory(scratch, "generated-activities-");
    }

    void addAll(List<Activities.Activity> activities) {
        activities.forEach(this::add);
    }

    void add(Activities.Activity a) {
        if (read) {
            throw new IllegalStateException("activities added after they were read");
        }
        try {
            DataOutputStream out = days.get(a.startLocal().toLocalDate());
            if (out == null) {
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file(a.startLocal().toLocalDate())), 1 << 14));
                days.put(a.startLocal().toLocalDate(), out);
            }
            out.writeLong(a.id());
            out.writeLong(a.employeeId());
            out.writeUTF(a.sport().name());
            out.writeUTF(a.typeLabel());
            out.writeLong(a.startLocal().toEpochSecond(ZoneOffset.UTC));
            out.writeLong(a.elapsedSeconds());
            out.writeBoolean(a.distanceMeters() != null);
            out.writeDouble(a.distanceMeters() == null ? 0 : a.distanceMeters());
            out.writeBoolean(a.comment() != null);
            out.writeUTF(a.comment() == null ? "" : a.comment());
            out.writeUTF(a.name());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep generated activities in " + folder, e);
        }
        if (added == ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[added++] = a.id();
    }

    /** How many activities the iteration gave (each id once); known once it has ended. */
    int given() {
        return given;
    }

    /** One pass, day by day. */
    @Override
    public Iterator<Activities.Activity> iterator() {
        if (read) {
            throw new IllegalStateException("generated activities are read once");
        }
        read = true;
        for (DataOutputStream out : days.values()) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Set<Long> shared = sharedIds();
        Set<Long> seen = new HashSet<>();
        Iterator<LocalDate> order = days.keySet().iterator();
        return new Iterator<>() {
            private Iterator<Activities.Activity> day = List.<Activities.Activity>of().iterator();

            @Override
            public boolean hasNext() {
                while (!day.hasNext() && order.hasNext()) {
                    List<Activities.Activity> next = load(order.next());
                    next.sort(ORDER);  // stable: equal starts of one employee keep the order they were made in
                    next.removeIf(a -> shared.contains(a.id()) && !seen.add(a.id()));
                    day = next.iterator();
                }
                return day.hasNext();
            }

            @Override
            public Activities.Activity next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                given++;
                return day.next();
            }
        };
    }

    /** The ids more than one activity has (hash collisions of {@link Activities#activityId}, or one start twice). */
    private Set<Long> sharedIds() {
        long[] sorted = Arrays.copyOf(ids, added);
        ids = null;
        Arrays.sort(sorted);
        Set<Long> shared = new HashSet<>();
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                shared.add(sorted[i]);
            }
        }
        return shared;
    }

    private List<Activities.Activity> load(LocalDate day) {
        List<Activities.Activity> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file(day)), 1 << 16))) {
            while (true) {
                long id;
                try {
                    id = in.readLong();
                } catch (EOFException end) {
                    return out;
                }
                long employee = in.readLong();
                Sport sport = Sport.valueOf(in.readUTF());
                String typeLabel = in.readUTF();
                LocalDateTime start = LocalDateTime.ofEpochSecond(in.readLong(), 0, ZoneOffset.UTC);
                long seconds = in.readLong();
                boolean hasMeters = in.readBoolean();
                double meters = in.readDouble();
                boolean hasComment = in.readBoolean();
                String comment = in.readUTF();
                String name = in.readUTF();
                out.add(new Activities.Activity(id, employee, sport, typeLabel, start, seconds, hasMeters ? meters : null,
                        hasComment ? comment : null, name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read generated activities of " + day + " from " + folder, e);
        }
    }

    private Path file(LocalDate day) {
        return folder.resolve(day + ".bin");
    }

    @Override
    public void close() throws IOException {
        for (Map.Entry<LocalDate, DataOutputStream> e : days.entrySet()) {
            try {
                e.getValue().close();
            } catch (IOException ignored) {
                // closed already, or its file is removed below anyway
            }
            Files.deleteIfExists(file(e.getKey()));
        }
        Files.deleteIfExists(folder);
    }
}
