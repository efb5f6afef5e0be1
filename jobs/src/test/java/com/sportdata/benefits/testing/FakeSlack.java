package com.sportdata.benefits.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * A real HTTP server on 127.0.0.1 that answers like a Slack incoming webhook: "ok" (200), "invalid_payload"
 * (400), "channel_not_found" (404), "channel_is_archived" (410), "rate_limited" (429 with Retry-After),
 * "internal_error" (500), or a slow answer, on a script the test controls: (call number from 0, path) → answer.
 * Every call is recorded with the event id the payload carries (the first block's block_id).
 */
public final class FakeSlack implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, body, Retry-After seconds (or null), delay before answering, and whether to never answer. */
    public record Answer(int status, String body, Integer retryAfter, long delayMillis, boolean hangs) {
        public static Answer ok() {
            return new Answer(200, "ok", null, 0, false);
        }

        public static Answer of(int status) {
            return switch (status) {
                case 200 -> ok();
                case 400 -> new Answer(400, "invalid_payload", null, 0, false);
                case 403 -> new Answer(403, "action_prohibited", null, 0, false);
                case 404 -> new Answer(404, "channel_not_found", null, 0, false);
                case 410 -> new Answer(410, "channel_is_archived", null, 0, false);
                case 429 -> new Answer(429, "rate_limited", 1, 0, false);
                default -> new Answer(status, "internal_error", null, 0, false);
            };
        }

        public static Answer slow(long millis) {
            return new Answer(500, "internal_error", null, millis, false);
        }

        public static Answer hanging() {
            return new Answer(200, "ok", null, 0, true);
        }

        /** The connection closed without an answer (a reset, as the client sees it). */
        public static Answer reset() {
            return new Answer(-1, "", null, 0, false);
        }

        public boolean accepted() {
            return status == 200 && !hangs;
        }
    }

    /** One call received. */
    public record Call(int index, String path, String eventId, String text, long atNanos, Answer answer) {
    }

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile BiFunction<Integer, String, Answer> script = (i, path) -> Answer.ok();

    public FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public void script(BiFunction<Integer, String, Answer> script) {
        this.script = script;
    }

    /** The webhook URL of a channel path, e.g. "/services/T000/B000/activities". */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String eventId = null;
        String text = null;
        try {
            JsonNode json = JSON.readTree(body);
            text = json.path("text").asText(null);
            eventId = json.path("blocks").path(0).path("block_id").asText(null);
        } catch (IOException e) {
            // recorded without an id: the test will see it
        }
        Answer answer;
        synchronized (calls) {
            answer = script.apply(calls.size(), exchange.getRequestURI().getPath());
            calls.add(new Call(calls.size(), exchange.getRequestURI().getPath(), eventId, text, System.nanoTime(), answer));
            calls.notifyAll();
        }
        try {
            if (answer.hangs()) {
                release.await(60, TimeUnit.SECONDS);
            }
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (answer.status() < 0) {
            exchange.close(); // no status line: the client's read fails as on a reset connection
            return;
        }
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", String.valueOf(answer.retryAfter()));
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(out);
            }
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer to
        }
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Waits until at least {@code n} calls arrived; false on timeout. */
    public boolean awaitCalls(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (calls) {
            while (calls.size() < n) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                calls.wait(left);
            }
            return true;
        }
    }

    /** Accepted (answered ok) calls per event id, for a path. */
    public Map<String, Long> acceptedByEvent(String path) {
        return calls().stream().filter(c -> c.path().equals(path) && c.answer().accepted())
                .collect(Collectors.groupingBy(Call::eventId, Collectors.counting()));
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
