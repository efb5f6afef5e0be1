package com.sportdata.benefits.schedule;

import com.sportdata.benefits.config.AppConfig;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code schedule} command: a single box's scheduler. Quartz fires the product's own commands — {@code run},
 * {@code digest}, {@code vacuum} — on cron expressions from configuration (Quartz's dialect: seconds first), each as a
 * separate process of the entry script, exactly as cron, systemd or Airflow would start it, with the same options.
 * One fire at a time (one worker thread; a job never overlaps itself); a lake busy with another writer (exit 3) is a
 * skipped fire, logged; a fire missed while the scheduler was down or busy fires once or is skipped
 * ({@code schedule.misfire}). {@code notify --follow} runs beside them when {@code schedule.notify-follow} is on,
 * restarted if it stops. SIGTERM stops firing, lets the running command finish (at most
 * {@code schedule.stop-grace-seconds}; past that it is stopped too, and a run stopped so is resumable with
 * {@code run --resume}), then exits 0.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    /** What a fire started: one command of the entry script, with the scheduler's own options. */
    public record Task(String name, String cron, List<String> arguments) {
    }

    /** Starts one process of the entry script with these arguments. */
    public interface Launcher {
        Process start(List<String> arguments) throws IOException;
    }

    private final AppConfig.Schedule settings;
    private final List<Task> tasks;
    private final Launcher launcher;
    /** The commands kept running beside the scheduled ones (notify --follow, strava serve), by name. */
    private final Map<String, List<String>> kept = new LinkedHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object running = new Object();
    private volatile boolean stopping;
    private Process current;
    private String currentName;
    private final Map<String, Process> keptProcesses = new LinkedHashMap<>();
    private org.quartz.Scheduler quartz;

    /**
     * @param options the options every command gets (--lake, --config, --set …), as the scheduler was given them
     */
    public Scheduler(AppConfig.Schedule settings, List<String> options, Launcher launcher) {
        this.settings = settings;
        this.launcher = launcher;
        this.tasks = tasks(settings, options);
        if (settings.notifyFollow()) {
            kept.put("notify --follow", concat(List.of("notify", "--follow"), options));
        }
        if (settings.stravaServe()) {
            kept.put("strava serve", concat(List.of("strava", "serve"), options));
        }
        if (tasks.isEmpty() && kept.isEmpty()) {
            throw new IllegalArgumentException("nothing to schedule: schedule.run, schedule.digest and schedule.vacuum are empty"
                    + " and schedule.notify-follow and schedule.strava-serve are off");
        }
    }

    static List<Task> tasks(AppConfig.Schedule settings, List<String> options) {
        Map<String, String> crons = new LinkedHashMap<>();
        crons.put("run", settings.run());
        crons.put("digest", settings.digest());
        crons.put("vacuum", settings.vacuum());
        List<Task> tasks = new ArrayList<>();
        crons.forEach((command, cron) -> {
            if (!cron.isBlank()) {
                tasks.add(new Task(command, cron.trim(), concat(List.of(command), options)));
            }
        });
        return tasks;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    public List<Task> tasks() {
        return tasks;
    }

    /**
     * Fires until SIGTERM (or {@code maxRun}, then the same clean stop); returns when everything it started ended.
     */
    public void run(Duration maxRun) throws SchedulerException, InterruptedException {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", "sport-benefits");
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", "1");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(settings.misfireThresholdSeconds() * 1000L));
        quartz = new StdSchedulerFactory(properties).getScheduler();
        quartz.getContext().put(Scheduler.class.getName(), this);
        TimeZone zone = TimeZone.getTimeZone(settings.timeZone());
        for (Task task : tasks) {
            CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(task.cron()).inTimeZone(zone);
            cron = settings.misfire().equals("skip") ? cron.withMisfireHandlingInstructionDoNothing()
                    : cron.withMisfireHandlingInstructionFireAndProceed();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(task.name()).withSchedule(cron).build();
            quartz.scheduleJob(JobBuilder.newJob(Fire.class).withIdentity(task.name()).usingJobData("task", task.name()).build(), trigger);
            LOG.info("schedule: {} on '{}' ({}), next at {}", task.name(), task.cron(), zone.getID(), trigger.getNextFireTime().toInstant());
        }
        Thread hook = new Thread(this::stop, "schedule-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        quartz.start();
        kept.forEach(this::keepRunning);
        LOG.info("schedule: started ({} job(s){}); SIGTERM stops it cleanly", tasks.size(), kept.isEmpty() ? "" : " and " + String.join(", ", kept.keySet()));
        if (maxRun == null) {
            stopped.await();
        } else if (!stopped.await(maxRun.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.info("schedule: {} s are up, stopping", maxRun.toSeconds());
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping anyway
            }
        }
    }

    /** One fire of a task: a process of the entry script, waited for; its exit code says what happened. */
    void fire(String name) {
        Task task = tasks.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        long start = System.nanoTime();
        Process process;
        synchronized (running) {
            if (stopping) {
                return;
            }
            try {
                process = launcher.start(task.arguments());
            } catch (IOException e) {
                LOG.error("schedule: {} could not start: {}", name, e.getMessage());
                return;
            }
            current = process;
            currentName = name;
        }
        LOG.info("schedule: {} fired (PID {})", name, process.pid());
        try {
            int code = process.waitFor();
            // said before the stop waiting for this fire is released: after that the JVM may be gone
            double seconds = (System.nanoTime() - start) / 1e9;
            switch (code) {
                case 0 -> LOG.info("schedule: {} finished in {} s (exit 0)", name, String.format(java.util.Locale.ROOT, "%.1f", seconds));
                case 3 -> LOG.warn("schedule: {} skipped: the lake is busy with another writer (exit 3); the next fire tries again", name);
                default -> LOG.error("schedule: {} failed (exit {}) after {} s; see its output above", name, code,
                        String.format(java.util.Locale.ROOT, "%.1f", seconds));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (running) {
                current = null;
                currentName = null;
                running.notifyAll();
            }
        }
    }

    /** A command kept running beside the scheduled ones, started again (with backoff) when it stops. */
    private void keepRunning(String name, List<String> arguments) {
        Thread watch = new Thread(() -> {
            long backoff = 1000;
            while (!stopping) {
                try {
                    Process p;
                    synchronized (running) {
                        if (stopping) {
                            return;
                        }
                        p = launcher.start(arguments);
                        keptProcesses.put(name, p);
                    }
                    LOG.info("schedule: {} started (PID {})", name, p.pid());
                    int code = p.waitFor();
                    if (!stopping) {
                        LOG.warn("schedule: {} stopped (exit {}); restarting in {} s", name, code, backoff / 1000);
                        Thread.sleep(backoff);
                        backoff = Math.min(backoff * 2, 60_000);
                    }
                } catch (IOException e) {
                    LOG.error("schedule: {} could not start: {}", name, e.getMessage());
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "schedule-" + name.replace(' ', '-').replace("--", ""));
        watch.setDaemon(true);
        watch.start();
    }

    /** The clean stop: no new fire, the running command may finish (grace), then everything is stopped. */
    public void stop() {
        synchronized (running) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        LOG.info("schedule: stopping (no new fire)");
        try {
            if (quartz != null) {
                quartz.standby();
            }
        } catch (SchedulerException e) {
            LOG.warn("schedule: {}", e.getMessage());
        }
        stopFollower();
        long deadline = System.currentTimeMillis() + settings.stopGraceSeconds() * 1000L;
        synchronized (running) {
            if (current != null) {
                LOG.info("schedule: waiting for {} (PID {}) to finish, at most {} s", currentName, current.pid(), settings.stopGraceSeconds());
            }
            while (current != null && System.currentTimeMillis() < deadline) {
                try {
                    running.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (current != null) {
                LOG.warn("schedule: {} (PID {}) still running after {} s: stopping it (a run stopped so is resumable: run --resume)",
                        currentName, current.pid(), settings.stopGraceSeconds());
                terminate(current);
            }
        }
        try {
            if (quartz != null) {
                quartz.shutdown(false);
            }
        } catch (SchedulerException e) {
            LOG.warn("schedule: {}", e.getMessage());
        }
        LOG.info("schedule: stopped");
        stopped.countDown();
    }

    private void stopFollower() {
        List<Process> processes;
        synchronized (running) {
            processes = List.copyOf(keptProcesses.values());
        }
        processes.stream().filter(Process::isAlive).forEach(Scheduler::terminate);
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    private static void terminate(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Quartz's job: hands the fire to the scheduler; never two at once for the same task. */
    @DisallowConcurrentExecution
    public static final class Fire implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                Scheduler owner = (Scheduler) context.getScheduler().getContext().get(Scheduler.class.getName());
                owner.fire(context.getMergedJobDataMap().getString("task"));
            } catch (SchedulerException e) {
                LOG.error("schedule: {}", e.getMessage());
            }
        }
    }

    /** A cron expression in Quartz's dialect, checked at start-up with a clear message. */
    /** The next fire times of a cron expression after {@code from}, for `schedule --dry-run`. */
    public static List<Date> nextFires(String cron, TimeZone zone, Date from, int count) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(zone);
            List<Date> next = new ArrayList<>();
            Date at = from;
            for (int i = 0; i < count; i++) {
                at = expression.getNextValidTimeAfter(at);
                if (at == null) {
                    break;
                }
                next.add(at);
            }
            return next;
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The scheduler's own options, for the commands it starts: all but the command name and its own options. */
    public static List<String> childOptions(String[] arguments) {
        List<String> options = new ArrayList<>();
        boolean commandSeen = false;
        for (int i = 0; i < arguments.length; i++) {
            String a = arguments[i];
            if (!commandSeen && a.equals("schedule")) {
                commandSeen = true;
            } else if (a.equals("--max-seconds")) {
                i++;
            } else if (!a.startsWith("--max-seconds=") && !a.equals("--dry-run")) {
                options.add(a);
            }
        }
        return options;
    }

    /**
     * What would fire and when (`schedule --dry-run`): each task, its cron expression, its next three fire times and
     * the command line it starts ({@code shown} masks what the ledger masks).
     */
    public String plan(Date now, java.util.function.Function<List<String>, String> shown) {
        TimeZone zone = TimeZone.getTimeZone(settings.timeZone());
        StringBuilder out = new StringBuilder();
        for (Task task : tasks()) {
            out.append(task.name()).append("  '").append(task.cron()).append("'  next: ").append(nextFires(task.cron(), zone, now, 3)
                    .stream().map(d -> d.toInstant().atZone(zone.toZoneId()).toString()).toList()).append('\n');
            out.append("  runs: scripts/sport-benefits ").append(shown.apply(task.arguments())).append('\n');
        }
        kept.keySet().forEach(name -> out.append(name).append("  kept running\n"));
        return out.toString();
    }
}
