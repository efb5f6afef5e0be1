package com.sportdata.benefits.cli;

import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.connect.StravaWebhook;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.run.Chores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "strava", mixinStandardHelpOptions = true,
        description = {"The Strava connector (docs/strava.md).",
                "  strava pull     the connected athletes' activities since each one's cursor, landed in landing/activities as"
                        + " Strava's JSON lines (tokens refreshed and kept, rate limits respected); the next run ingests them",
                "  strava serve    the endpoint Strava pushes its events to (strava.webhook): each event queued durably before"
                        + " it is answered, then the activity fetched and landed (a delete lands a tombstone); with notify --follow"
                        + " beside it, a new activity is on Slack within seconds",
                "Secrets from the environment only: STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET, STRAVA_TOKENS_FILE (and STRAVA_VERIFY_TOKEN"
                        + " for serve)."})
final class StravaCommand extends LakeCommand {
    @Parameters(index = "0", paramLabel = "pull|serve", description = "pull or serve")
    String action;
    @Option(names = "--max-seconds", paramLabel = "N", description = "with serve: stop after N seconds")
    String maxSeconds;

    @Override
    boolean writes() {
        // serve only writes landing files and its own queue, whole, while runs go on: it holds no lock
        return !"serve".equals(action);
    }

    @Override
    int execute(LakeLock lock) throws Exception {
        switch (action) {
            case "pull" -> out().print(Chores.stravaPull(envelope(lock), main.environment()));
            case "serve" -> serve();
            default -> throw new Cli.UsageProblem("unknown action '" + action + "': `strava pull` or `strava serve`");
        }
        out().flush();
        return Cli.OK;
    }

    private void serve() throws Exception {
        long deadline = maxSeconds == null ? Long.MAX_VALUE : System.currentTimeMillis() + Cli.wholeNumber("--max-seconds", maxSeconds) * 1000L;
        try (StravaWebhook webhook = new StravaWebhook(config, LakeStorage.hadoopConfiguration(config), main.environment())) {
            int port = webhook.start();
            out().println("strava serve: listening on " + config.strava().webhook().bind() + ":" + port + config.strava().webhook().path());
            out().flush();
            Thread stopper = Thread.currentThread();
            Thread hook = new Thread(stopper::interrupt, "strava-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                while (System.currentTimeMillis() < deadline && !Thread.currentThread().isInterrupted()) {
                    StravaWebhook.Round round = webhook.landPending();
                    if (round.events() > 0) {
                        out().println("strava serve: " + round.events() + " event(s): " + round.landed().size() + " landed"
                                + (round.left() > 0 ? ", " + round.left() + " left for the next round" : ""));
                        out().flush();
                    }
                    Thread.sleep(config.strava().webhook().pollMs());
                }
            } catch (InterruptedException e) {
                // SIGTERM: the queue keeps what was not landed; the next serve lands it
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is stopping anyway
                }
            }
        }
    }
}
