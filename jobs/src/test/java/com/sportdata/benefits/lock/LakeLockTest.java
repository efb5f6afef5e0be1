package com.sportdata.benefits.lock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.catalog.LakePaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writer lock in one JVM: exclusion, the holder named, stale locks taken over, force release. */
class LakeLockTest {
    private static final Duration LEASE = Duration.ofSeconds(60);

    private static void plant(Path lake, String host, long pid, Instant heartbeat, long leaseSeconds) throws Exception {
        LakeLock.Holder holder = new LakeLock.Holder("tok-" + pid, host, pid, null, "20261201T100000Z-dead", "run", heartbeat.toString(),
                heartbeat.toString(), leaseSeconds, "silver", 1, heartbeat.toString());
        Path file = lake.resolve("_lock/writer.lock");
        Files.createDirectories(file.getParent());
        Files.write(file, new ObjectMapper().writeValueAsBytes(holder));
    }

    @Test
    void a_second_writer_is_refused_with_the_holder_named_and_gets_the_lock_once_it_is_released(@TempDir Path lake) {
        LakePaths paths = new LakePaths(lake.toString());
        try (LakeLock first = LakeLock.acquire(paths, "run", "run-1", LEASE, Duration.ZERO)) {
            first.doing("run-1", "gold", 1);
            long started = System.currentTimeMillis();
            assertThatThrownBy(() -> LakeLock.acquire(paths, "backfill", null, LEASE, Duration.ofMillis(600)))
                    .isInstanceOf(LakeBusy.class)
                    .hasMessageContaining("lake busy").hasMessageContaining("`run` (run run-1, stage gold)")
                    .hasMessageContaining("PID " + ProcessHandle.current().pid()).hasMessageContaining("host " + LakeLock.hostName());
            assertThat(System.currentTimeMillis() - started).isBetween(500L, 5_000L);
            assertThat(LakeLock.status(paths)).get().extracting(LakeLock.Holder::command).isEqualTo("run");
        }
        assertThat(LakeLock.status(paths)).isEmpty();
        try (LakeLock again = LakeLock.acquire(paths, "backfill", null, LEASE, Duration.ZERO)) {
            assertThat(again.tookOverFrom()).isEmpty();
        }
    }

    @Test
    void a_lock_of_a_dead_process_on_this_host_is_taken_over_at_once(@TempDir Path lake) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        plant(lake, LakeLock.hostName(), gone.pid(), Instant.now(), 3600);
        LakePaths paths = new LakePaths(lake.toString());
        assertThat(LakeLock.isStale(LakeLock.status(paths).orElseThrow())).isTrue();
        try (LakeLock lock = LakeLock.acquire(paths, "run", null, LEASE, Duration.ZERO)) {
            assertThat(lock.tookOverFrom()).get().extracting(LakeLock.Holder::runId, LakeLock.Holder::stage)
                    .containsExactly("20261201T100000Z-dead", "silver");
        }
    }

    @Test
    void a_lock_of_another_host_is_taken_over_only_after_its_lease(@TempDir Path lake) throws Exception {
        LakePaths paths = new LakePaths(lake.toString());
        plant(lake, "other-host", 4242, Instant.now().minusSeconds(10), 120);
        assertThatThrownBy(() -> LakeLock.acquire(paths, "run", null, LEASE, Duration.ZERO)).isInstanceOf(LakeBusy.class)
                .hasMessageContaining("host other-host, PID 4242");
        plant(lake, "other-host", 4242, Instant.now().minusSeconds(121), 120);
        try (LakeLock lock = LakeLock.acquire(paths, "run", null, LEASE, Duration.ZERO)) {
            assertThat(lock.tookOverFrom()).get().extracting(LakeLock.Holder::host).isEqualTo("other-host");
        }
    }

    @Test
    void a_live_holder_keeps_its_lock_fresh_and_a_forced_release_is_noticed(@TempDir Path lake) throws Exception {
        LakePaths paths = new LakePaths(lake.toString());
        try (LakeLock lock = LakeLock.acquire(paths, "notify", null, Duration.ofSeconds(5), Duration.ZERO)) {
            Instant first = Instant.parse(LakeLock.status(paths).orElseThrow().heartbeat());
            Thread.sleep(2_600);
            assertThat(Instant.parse(LakeLock.status(paths).orElseThrow().heartbeat())).isAfter(first);
            assertThat(LakeLock.forceRelease(paths)).get().extracting(LakeLock.Holder::command).isEqualTo("notify");
            assertThat(LakeLock.status(paths)).isEmpty();
            // the next holder is not removed when the first one ends
            try (LakeLock next = LakeLock.acquire(paths, "run", null, LEASE, Duration.ZERO)) {
                lock.close();
                assertThat(LakeLock.status(paths)).get().extracting(LakeLock.Holder::command).isEqualTo("run");
            }
        }
    }
}
