package com.sportdata.benefits.schedule;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigError;
import com.sportdata.benefits.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scheduler with real Quartz and real child processes standing in for the entry script (bash one-liners). */
class SchedulerTest {

    private static AppConfig.Schedule settings(Map<String, String> overrides) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("schedule.digest", "", "schedule.vacuum", ""));
        all.putAll(overrides);
        return ConfigLoader.load(List.of(), all).schedule();
    }

    @Test
    void each_scheduled_command_gets_the_schedulers_options_and_an_empty_cron_is_off() {
        AppConfig.Schedule s = settings(Map.of("schedule.run", "0 0 2 * * ?", "schedule.vacuum", "0 30 3 ? * SUN"));
        Scheduler scheduler = new Scheduler(s, List.of("--lake", "/data/lake", "--set", "a=b"), args -> null);
        assertThat(scheduler.tasks()).extracting(Scheduler.Task::name).containsExactly("run", "vacuum");
        assertThat(scheduler.tasks().get(0).arguments()).containsExactly("run", "--lake", "/data/lake", "--set", "a=b");
    }

    @Test
    void a_cron_that_is_not_quartz_or_a_schedule_of_nothing_is_refused_with_the_key() {
        assertThatThrownBy(() -> settings(Map.of("schedule.run", "0 2 * * *")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("schedule.run").hasMessageContaining("Quartz cron expression");
        assertThatThrownBy(() -> settings(Map.of("schedule.misfire", "later"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("fire-once or skip");
        assertThatThrownBy(() -> new Scheduler(settings(Map.of("schedule.run", "")), List.of(), args -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to schedule");
    }

    @Test
    void next_fires_follow_the_cron_in_its_time_zone() {
        java.util.TimeZone paris = java.util.TimeZone.getTimeZone("Europe/Paris");
        List<java.util.Date> next = Scheduler.nextFires("0 0 2 * * ?", paris, java.util.Date.from(java.time.Instant.parse("2026-12-03T12:00:00Z")), 2);
        assertThat(next).extracting(java.util.Date::toInstant).containsExactly(java.time.Instant.parse("2026-12-04T01:00:00Z"),
                java.time.Instant.parse("2026-12-05T01:00:00Z"));
    }

    @Test
    void fires_never_overlap_a_busy_lake_is_skipped_and_the_stop_waits_for_the_running_command() throws Exception {
        List<long[]> spans = Collections.synchronizedList(new ArrayList<>());
        List<Integer> codes = Collections.synchronizedList(new ArrayList<>());
        // the first fire finds the lake busy (exit 3); the next ones take 1.5 s each
        Scheduler.Launcher launcher = args -> {
            int n = codes.size();
            codes.add(n == 0 ? 3 : 0);
            Process p = new ProcessBuilder("bash", "-c", n == 0 ? "exit 3" : "sleep 1.5").start();
            long start = System.nanoTime();
            p.onExit().thenRun(() -> spans.add(new long[] {start, System.nanoTime()}));
            return p;
        };
        Scheduler scheduler = new Scheduler(settings(Map.of("schedule.run", "* * * * * ?", "schedule.stop-grace-seconds", "30")),
                List.of("--lake", "x"), launcher);
        long start = System.nanoTime();
        scheduler.run(Duration.ofSeconds(5));
        long took = System.nanoTime() - start;

        assertThat(codes.size()).isBetween(3, 6);
        assertThat(codes.get(0)).isEqualTo(3);
        // a span is recorded by the process's exit callback, on another thread, just after the scheduler saw it end
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (spans.size() < codes.size() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<long[]> sorted = new ArrayList<>(spans);
        sorted.sort(java.util.Comparator.comparingLong(s -> s[0]));
        assertThat(sorted).hasSize(codes.size());
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i)[0]).as("fire " + i + " started before the previous one ended").isGreaterThanOrEqualTo(sorted.get(i - 1)[1]);
        }
        // the stop came at 5 s and let the running fire finish: nothing is left running, and no fire started after it
        assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(10));
        assertThat(sorted.get(sorted.size() - 1)[1]).isLessThanOrEqualTo(System.nanoTime());
        int after = codes.size();
        Thread.sleep(1500);
        assertThat(codes).hasSize(after);
    }

    @Test
    void the_fire_a_stop_waited_for_is_logged_before_the_scheduler_says_it_stopped() throws Exception {
        // the scheduler's process may end as soon as it says "stopped": the last fire's outcome must be said by then
        java.io.StringWriter text = new java.io.StringWriter();
        org.apache.logging.log4j.core.LoggerContext context = (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        org.apache.logging.log4j.core.Appender appender = org.apache.logging.log4j.core.appender.WriterAppender.newBuilder()
                .setName("scheduler-test").setTarget(text)
                .setLayout(org.apache.logging.log4j.core.layout.PatternLayout.newBuilder().withPattern("%m%n").build()).build();
        appender.start();
        org.apache.logging.log4j.core.Logger logger = context.getLogger(Scheduler.class.getName());
        logger.addAppender(appender);
        try {
            // each fire takes 3 s; the first comes within 1 s, so the stop at 2.5 s finds it running
            Scheduler scheduler = new Scheduler(settings(Map.of("schedule.run", "* * * * * ?", "schedule.stop-grace-seconds", "30")),
                    List.of(), args -> new ProcessBuilder("bash", "-c", "sleep 3").start());
            scheduler.run(Duration.ofMillis(2500));
        } finally {
            logger.removeAppender(appender);
            appender.stop();
        }
        String said = text.toString();
        assertThat(said).contains("schedule: waiting for run");
        assertThat(said.indexOf("schedule: run finished")).as(said).isPositive().isLessThan(said.indexOf("schedule: stopped"));
    }

    @Test
    void a_command_that_cannot_start_is_logged_and_the_scheduler_goes_on() throws Exception {
        List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
        Scheduler scheduler = new Scheduler(settings(Map.of("schedule.run", "* * * * * ?")), List.of(), args -> {
            calls.add(1);
            throw new IOException("no such launcher");
        });
        scheduler.run(Duration.ofSeconds(3));
        assertThat(calls.size()).isGreaterThanOrEqualTo(2);
    }
    @Test
    void notify_follow_and_strava_serve_are_kept_running_beside_the_schedule_and_started_again_when_they_stop() throws Exception {
        List<List<String>> started = Collections.synchronizedList(new ArrayList<>());
        Scheduler scheduler = new Scheduler(settings(Map.of("schedule.run", "", "schedule.notify-follow", "true", "schedule.strava-serve", "true")),
                List.of("--lake", "/data/lake"), args -> {
                    started.add(args);
                    // a child that stops at once: the scheduler starts it again after its backoff (1 s)
                    return new ProcessBuilder("true").start();
                });
        assertThat(scheduler.plan(new java.util.Date(), a -> String.join(" ", a))).isEqualTo("notify --follow  kept running\nstrava serve  kept running\n");
        scheduler.run(Duration.ofMillis(2500));
        assertThat(started).contains(List.of("notify", "--follow", "--lake", "/data/lake"), List.of("strava", "serve", "--lake", "/data/lake"));
        assertThat(started.stream().filter(a -> a.get(0).equals("strava")).count()).as("restarted").isGreaterThanOrEqualTo(2);
    }
}
