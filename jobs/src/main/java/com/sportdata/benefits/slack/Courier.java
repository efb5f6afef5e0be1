package com.sportdata.benefits.slack;

import com.sportdata.benefits.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delivers posts to one webhook, designed for Slack's limits: paced (at most {@code messages-per-second});
 * 429 waits the Retry-After it names; 5xx and network errors (timeouts included) are retried with
 * exponential backoff up to {@code max-attempts} per delivery, then left PENDING for the next delivery (DEAD only after
 * {@code dead-after-attempts} in all); 400/403/404/410 (and other 4xx)
 * are DEAD at once. A circuit breaker stops calling a webhook after {@code breaker-failures} consecutive
 * failures: the posts left stay PENDING for a later run. Every attempt is journaled before the call and
 * after it, so a process that dies mid-call leaves a trace of the post that was in flight.
 * Without a URL nothing is sent: the posts are logged and marked DRY_RUN.
 */
public final class Courier {
    private static final Logger LOG = LoggerFactory.getLogger(Courier.class);
    /** Answers that will not get better by retrying: the payload or the webhook itself is wrong. */
    static final Set<Integer> PERMANENT = Set.of(400, 403, 404, 410);

    /** One HTTP call to a webhook. */
    public interface Webhook {
        Answer post(String url, String payloadJson) throws IOException;
    }

    public record Answer(int status, String body, Long retryAfterSeconds) {
    }

    public enum Outcome { SENT, DEAD, DRY_RUN, DEFERRED }

    /** What became of a post. */
    public record Delivery(Post post, Outcome outcome, int attempts, Integer lastStatus, String lastError) {
    }

    /** Durable notes taken around each call. */
    public interface Journal {
        void sending(Post post, int attempt);

        void concluded(Delivery delivery);
    }

    /** Waiting, replaceable in tests that must not sleep. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final AppConfig.Slack settings;
    private final Webhook webhook;
    private final Journal journal;
    private final Sleeper sleeper;
    private final Map<String, Long> nextSlot = new HashMap<>();
    private final Map<String, Integer> consecutiveFailures = new HashMap<>();
    private final Map<String, Long> openUntil = new HashMap<>();

    public Courier(AppConfig.Slack settings, Webhook webhook, Journal journal, Sleeper sleeper) {
        this.settings = settings;
        this.webhook = webhook;
        this.journal = journal;
        this.sleeper = sleeper;
    }

    public Courier(AppConfig.Slack settings, Webhook webhook, Journal journal) {
        this(settings, webhook, journal, Thread::sleep);
    }

    /** Delivers the posts in order to {@code url} (null or blank: dry run). */
    public List<Delivery> deliver(String url, List<Post> posts) {
        List<Delivery> results = new ArrayList<>();
        for (Post post : posts) {
            Delivery delivery = url == null || url.isBlank() ? dryRun(post) : deliverOne(url, post);
            journal.concluded(delivery);
            results.add(delivery);
        }
        return results;
    }

    /** Whether the breaker of {@code url} is open now. */
    public boolean breakerOpen(String url) {
        return openUntil.getOrDefault(url, 0L) > System.currentTimeMillis();
    }

    private Delivery dryRun(Post post) {
        LOG.info(com.sportdata.benefits.catalog.PersonalData.DRY_RUN_POST_PREFIX + "{} post {} (no {} in the environment): {}", post.channel(), post.eventId(),
                post.channel().environmentVariable(), MessageTemplates.unescape(post.text()));
        return new Delivery(post, Outcome.DRY_RUN, post.attempts(), null, "dry run: no webhook URL");
    }

    private Delivery deliverOne(String url, Post post) {
        int attempts = post.attempts();
        int failures = 0;
        Integer lastStatus = null;
        String lastError = null;
        while (true) {
            if (breakerOpen(url)) {
                return new Delivery(post, Outcome.DEFERRED, attempts, lastStatus, "circuit breaker open: webhook failing, left for later");
            }
            pace(url);
            attempts++;
            journal.sending(post, attempts);
            Answer answer;
            try {
                answer = webhook.post(url, post.payloadJson());
            } catch (IOException e) {
                answer = null;
                lastStatus = null;
                lastError = "network: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            }
            if (answer != null) {
                lastStatus = answer.status();
                lastError = answer.status() == 200 ? null : answer.status() + " " + answer.body();
                if (answer.status() == 200) {
                    consecutiveFailures.put(url, 0);
                    return new Delivery(post, Outcome.SENT, attempts, 200, null);
                }
                if (answer.status() == 429) {
                    long waitSeconds = answer.retryAfterSeconds() == null ? 1 : Math.max(0, answer.retryAfterSeconds());
                    LOG.warn("Slack rate limit on post {}: waiting {} s as asked (Retry-After)", post.eventId(), waitSeconds);
                    nextSlot.put(url, Math.max(nextSlot.getOrDefault(url, 0L), System.nanoTime() + waitSeconds * 1_000_000_000L));
                    continue;
                }
                if (answer.status() >= 400 && answer.status() < 500) {
                    failed(url);
                    LOG.warn("Slack refused post {} ({}): DEAD, not retried", post.eventId(), lastError);
                    return new Delivery(post, Outcome.DEAD, attempts, lastStatus, lastError);
                }
            }
            failures++;
            failed(url);
            if (attempts >= settings.deadAfterAttempts()) {
                LOG.warn("Slack post {} failed {} times in all (last: {}): DEAD", post.eventId(), attempts, lastError);
                return new Delivery(post, Outcome.DEAD, attempts, lastStatus, lastError);
            }
            if (failures >= settings.maxAttempts()) {
                // a transient failure (5xx, timeout, network) is not the post's fault: it waits for the next delivery
                LOG.warn("Slack post {} failed {} times in this delivery (last: {}): left for the next one", post.eventId(), failures, lastError);
                return new Delivery(post, Outcome.DEFERRED, attempts, lastStatus, lastError);
            }
            long backoff = Math.min(settings.backoffMaxMs(), settings.backoffInitialMs() << Math.min(20, failures - 1));
            LOG.info("Slack post {} attempt {} failed ({}); retrying in {} ms", post.eventId(), attempts, lastError, backoff);
            sleep(backoff);
        }
    }

    private void failed(String url) {
        int n = consecutiveFailures.merge(url, 1, Integer::sum);
        if (n >= settings.breakerFailures()) {
            openUntil.put(url, System.currentTimeMillis() + settings.breakerCooldownSeconds() * 1000L);
            consecutiveFailures.put(url, 0);
            LOG.warn("Slack webhook failed {} times in a row: circuit breaker open for {} s", n, settings.breakerCooldownSeconds());
        }
    }

    /** Waits for the webhook's next slot: calls are at least 1 / messages-per-second apart. */
    private void pace(String url) {
        long now = System.nanoTime();
        long slot = nextSlot.getOrDefault(url, now);
        if (slot > now) {
            sleep((slot - now + 999_999) / 1_000_000);
        }
        long interval = (long) (1_000_000_000L / settings.messagesPerSecond());
        nextSlot.put(url, Math.max(slot, System.nanoTime()) + interval);
    }

    private void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering Slack posts", e);
        }
    }
}
