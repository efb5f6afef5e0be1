package com.sportdata.benefits.lock;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.catalog.LakePaths;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One writer per lake: a lock file {@code <lake>/_lock/writer.lock} taken by every command that writes (run,
 * backfill, scenario, replay, vacuum, generate, notify, digest), released when it ends.
 *
 * <p>Acquisition is atomic: the holder's details are written to a private file first, then hard-linked to the
 * lock's name ({@code link(2)} fails if the name exists), so a reader never sees a half-written lock and two
 * processes can never both succeed. The holder refreshes a heartbeat every quarter of the lease. A lock is stale
 * — and taken over, the takeover logged — when its holder ran on this host and its process is gone (at once), or
 * when its heartbeat is older than the lease (a holder on another machine). A takeover is itself guarded by an
 * atomically created file, so two processes finding the same stale lock cannot both take it.
 *
 * <p>Where the lock lives decides how exclusive it is ({@link LockMedium}): on a local (or POSIX) file system the
 * create is atomic; on S3, where hadoop-aws 3.3's client has no conditional PUT, it is a create-if-absent confirmed by
 * reading the lock back after a settling delay ({@link ObjectStoreLockMedium}).
 */
public final class LakeLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LakeLock.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration GUARD_STALE = Duration.ofSeconds(30);
    private static final long POLL_MS = 250;

    /** Who holds the lock and what it is doing (JSON in the lock file). */
    public record Holder(String token, String host, long pid, String pidStartedAt, String runId, String command, String since,
                         String heartbeat, long leaseSeconds, String stage, int attempt, String stageSince) {

        Holder withHeartbeat(Instant now) {
            return new Holder(token, host, pid, pidStartedAt, runId, command, since, now.toString(), leaseSeconds, stage, attempt, stageSince);
        }

        Holder doing(String runIdNow, String stageNow, int attemptNow, Instant now) {
            return new Holder(token, host, pid, pidStartedAt, runIdNow, command, since, now.toString(), leaseSeconds, stageNow, attemptNow,
                    now.toString());
        }

        /** "run (run 2026…, stage silver) on host h, PID 42, since 10:02:03" */
        public String describe() {
            DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
            String doing = runId == null ? "" : " (run " + runId + (stage == null ? "" : ", stage " + stage) + ")";
            return "`" + command + "`" + doing + " on host " + host + ", PID " + pid + ", since " + time.format(Instant.parse(since))
                    + ", last heartbeat " + Duration.between(Instant.parse(heartbeat), Instant.now()).toSeconds() + " s ago";
        }
    }

    private final LockMedium file;
    private final Duration lease;
    private final ScheduledExecutorService heartbeat;
    private final long waitedMillis;
    private final Holder tookOverFrom;
    private volatile Holder holder;
    private volatile boolean released;

    private LakeLock(LockMedium file, Holder holder, Duration lease, long waitedMillis, Holder tookOverFrom) {
        this.file = file;
        this.holder = holder;
        this.lease = lease;
        this.waitedMillis = waitedMillis;
        this.tookOverFrom = tookOverFrom;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lake-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, lease.toMillis() / 4);
        heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** The lock of a lake, on the file system the lake is on. */
    static LockMedium location(LakePaths paths, Configuration hadoop) {
        URI root = URI.create(paths.root());
        if ("file".equals(root.getScheme())) {
            return new LocalLockMedium(Path.of(root).resolve("_lock").resolve("writer.lock"));
        }
        return new ObjectStoreLockMedium(paths.lockFile(), hadoop);
    }

    /** Takes the lock of a local lake (see {@link #acquire(LakePaths, Configuration, String, String, Duration, Duration)}). */
    public static LakeLock acquire(LakePaths paths, String command, String runId, Duration lease, Duration wait) {
        return acquire(paths, new Configuration(), command, runId, lease, wait);
    }

    /**
     * Takes the lake's lock for {@code command}, waiting up to {@code wait} for a live holder to finish.
     *
     * @throws LakeBusy naming the holder when it is still held after the wait
     */
    public static LakeLock acquire(LakePaths paths, Configuration hadoop, String command, String runId, Duration lease, Duration wait) {
        LockMedium file = location(paths, hadoop);
        long start = System.currentTimeMillis();
        long deadline = start + wait.toMillis();
        Holder tookOver = null;
        try {
            Holder me = newHolder(command, runId, lease);
            while (true) {
                if (file.createExclusive(JSON.writeValueAsBytes(me))) {
                    LakeLock lock = new LakeLock(file, me, lease, System.currentTimeMillis() - start, tookOver);
                    if (tookOver != null) {
                        LOG.warn("took over the lake lock of {}: its holder is gone", tookOver.describe());
                    }
                    return lock;
                }
                Optional<Holder> current = read(file);
                if (current.isEmpty()) {
                    // released between our attempt and this read: try again at once
                    continue;
                }
                if (stale(current.get(), lease)) {
                    if (removeStale(file, current.get())) {
                        tookOver = current.get();
                    }
                    continue;
                }
                if (System.currentTimeMillis() >= deadline) {
                    String who = current.get().describe();
                    throw new LakeBusy("lake busy: " + paths.root() + " is being written by " + who + ". Try again when it is done"
                            + " (or raise lock.wait-seconds); `lock status` shows the holder, `lock release --force` removes a lock"
                            + " whose process is gone.", current.get());
                }
                Thread.sleep(POLL_MS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lake lock " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lake lock", e);
        }
    }

    /** The current holder, if the lake is locked (read-only: never waits, never takes over). */
    public static Optional<Holder> status(LakePaths paths) {
        return status(paths, new Configuration());
    }

    public static Optional<Holder> status(LakePaths paths, Configuration hadoop) {
        return read(location(paths, hadoop));
    }

    /** Whether the holder is gone (its process on this host is dead, or its heartbeat older than its lease). */
    public static boolean isStale(Holder holder) {
        return stale(holder, Duration.ofSeconds(holder.leaseSeconds()));
    }

    /** Removes the lock whoever holds it (an operator's decision, logged); returns who held it. */
    public static Optional<Holder> forceRelease(LakePaths paths) {
        return forceRelease(paths, new Configuration());
    }

    public static Optional<Holder> forceRelease(LakePaths paths, Configuration hadoop) {
        LockMedium file = location(paths, hadoop);
        Optional<Holder> holder = read(file);
        try {
            if (file.delete()) {
                LOG.warn("lake lock of {} removed by `lock release --force` (user {})", holder.map(Holder::describe).orElse("unknown"),
                        System.getProperty("user.name"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
        return holder;
    }

    /** The holder this lock took over (a dead process's lock), if any. */
    public Optional<Holder> tookOverFrom() {
        return Optional.ofNullable(tookOverFrom);
    }

    public Holder holder() {
        return holder;
    }

    /** How long acquiring waited for another holder. */
    public long waitedMillis() {
        return waitedMillis;
    }

    /** Says what the holder is doing now (shown to a second writer, and used to record an interrupted attempt). */
    public synchronized void doing(String runId, String stage, int attempt) {
        holder = holder.doing(runId, stage, attempt, Instant.now());
        rewrite();
    }

    private synchronized void beat() {
        if (!released) {
            holder = holder.withHeartbeat(Instant.now());
            rewrite();
        }
    }

    private void rewrite() {
        try {
            Optional<Holder> onDisk = read(file);
            if (onDisk.isEmpty() || !onDisk.get().token().equals(holder.token())) {
                LOG.error("the lake lock {} is no longer ours (removed by `lock release --force`?): another writer may be at work",
                        file);
                released = true;
                heartbeat.shutdown();
                return;
            }
            file.replace(JSON.writeValueAsBytes(holder));
        } catch (IOException e) {
            LOG.warn("could not refresh the lake lock heartbeat: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        heartbeat.shutdownNow();
        try {
            Optional<Holder> onDisk = read(file);
            if (onDisk.isPresent() && onDisk.get().token().equals(holder.token())) {
                file.delete();
            }
        } catch (IOException e) {
            LOG.warn("could not release the lake lock {}: {}", file, e.getMessage());
        }
    }

    private static Holder newHolder(String command, String runId, Duration lease) {
        ProcessHandle self = ProcessHandle.current();
        String now = Instant.now().toString();
        return new Holder(UUID.randomUUID().toString(), hostName(), self.pid(), self.info().startInstant().map(Instant::toString).orElse(null),
                runId, command, now, now, lease.toSeconds(), null, 0, null);
    }

    private static Optional<Holder> read(LockMedium file) {
        for (int i = 0; i < 20; i++) {
            try {
                Optional<byte[]> bytes = file.read();
                if (bytes.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(JSON.readValue(bytes.get(), Holder.class));
            } catch (IOException e) {
                // being replaced by a heartbeat, or written without hard links: read again
                try {
                    Thread.sleep(25);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("the lake lock " + file + " cannot be read: remove it with `lock release --force`");
    }

    private static boolean stale(Holder holder, Duration defaultLease) {
        if (hostName().equals(holder.host())) {
            Optional<ProcessHandle> process = ProcessHandle.of(holder.pid());
            boolean alive = process.map(ProcessHandle::isAlive).orElse(false);
            if (alive && holder.pidStartedAt() != null) {
                // the same PID reused by another process started later is not the holder
                alive = process.flatMap(p -> p.info().startInstant()).map(Instant::toString).map(holder.pidStartedAt()::equals)
                        .orElse(true);
            }
            return !alive;
        }
        Duration lease = holder.leaseSeconds() > 0 ? Duration.ofSeconds(holder.leaseSeconds()) : defaultLease;
        return Instant.parse(holder.heartbeat()).plus(lease).isBefore(Instant.now());
    }

    /** Removes a stale lock under a guard, unless someone replaced it meanwhile. */
    private static boolean removeStale(LockMedium file, Holder stale) throws IOException {
        if (!file.createGuard()) {
            Optional<Instant> since = file.guardCreated();
            if (since.isPresent() && since.get().plus(GUARD_STALE).isBefore(Instant.now())) {
                file.deleteGuard();
            }
            return false;
        }
        try {
            Optional<Holder> again = read(file);
            if (again.isPresent() && again.get().token().equals(stale.token())) {
                file.delete();
                return true;
            }
            return false;
        } finally {
            file.deleteGuard();
        }
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
    }
}
