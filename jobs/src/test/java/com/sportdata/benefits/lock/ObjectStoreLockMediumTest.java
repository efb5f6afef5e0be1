package com.sportdata.benefits.lock;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object-store lock's logic (check, PUT, read back after settling) through Hadoop's FileSystem API — here the
 * local one, whose "create unless it exists" is, like S3A's, a check followed by a write.
 */
class ObjectStoreLockMediumTest {

    private static ObjectStoreLockMedium medium(Path dir) {
        return new ObjectStoreLockMedium(dir.resolve("_lock/writer.lock").toUri().toString(), new Configuration());
    }

    @Test
    void of_writers_racing_for_a_free_lock_exactly_one_holds_it_and_its_content_is_the_lock(@TempDir Path dir) throws Exception {
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            byte[] content = ("writer-" + i).getBytes(StandardCharsets.UTF_8);
            results.add(pool.submit(() -> {
                go.await();
                return medium(dir).createExclusive(content);
            }));
        }
        go.countDown();
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            if (results.get(i).get()) {
                winners.add(i);
            }
        }
        pool.shutdown();
        assertThat(winners).hasSize(1);
        assertThat(new String(medium(dir).read().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("writer-" + winners.get(0));
    }

    @Test
    void a_held_lock_is_refused_replaced_whole_and_gone_once_deleted(@TempDir Path dir) throws Exception {
        ObjectStoreLockMedium lock = medium(dir);
        assertThat(lock.read()).isEmpty();
        assertThat(lock.createExclusive("first".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(lock.createExclusive("second".getBytes(StandardCharsets.UTF_8))).isFalse();
        lock.replace("first, heartbeat".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(lock.read().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("first, heartbeat");
        assertThat(lock.createGuard()).isTrue();
        assertThat(lock.createGuard()).isFalse();
        assertThat(lock.guardCreated()).isPresent();
        lock.deleteGuard();
        assertThat(lock.guardCreated()).isEmpty();
        assertThat(lock.delete()).isTrue();
        assertThat(lock.delete()).isFalse();
        assertThat(lock.read()).isEmpty();
    }
}
