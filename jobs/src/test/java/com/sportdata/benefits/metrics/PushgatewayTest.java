package com.sportdata.benefits.metrics;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The push against a loopback server that answers like a Pushgateway (the real one is in MonitoringIT). */
class PushgatewayTest {
    record Call(String method, String path, String contentType, String authorization, String body) {
    }

    private HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] answer = status.get() == 200 ? new byte[0] : "pushed metrics are invalid".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The grouping labels of a call, decoded whether values came base64 or plain, e.g. {job=sport-benefits, lake=s3a://lake/prod}. */
    private static Map<String, String> group(String path) {
        String[] parts = path.replaceFirst("^/metrics/", "").split("/");
        Map<String, String> out = new java.util.TreeMap<>();
        for (int i = 0; i + 1 < parts.length; i += 2) {
            String name = parts[i];
            String value = parts[i + 1];
            if (name.endsWith("@base64")) {
                name = name.substring(0, name.length() - "@base64".length());
                value = value.equals("=") ? "" : new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            }
            out.put(name, value);
        }
        return out;
    }

    @Test
    void a_push_replaces_the_group_of_the_job_lake_and_command_with_the_text_format() throws IOException {
        Map<String, String> group = new java.util.LinkedHashMap<>();
        group.put("lake", "s3a://lake/prod");
        group.put("command", "backfill");
        new Pushgateway(url() + "/", Duration.ofSeconds(5)).push("sport-benefits", group,
                List.of(Sample.gauge("run_success", "ok", 1, "command", "backfill"), Sample.counter("driver_gc_seconds_total", "GC", 0.25)));

        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("PUT");
            assertThat(group(c.path())).isEqualTo(Map.of("job", "sport-benefits", "lake", "s3a://lake/prod", "command", "backfill"));
            assertThat(c.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(c.body()).contains("sport_benefits_run_success{command=\"backfill\"} 1.0\n")
                    .contains("# TYPE sport_benefits_driver_gc_seconds_total counter\n").contains("sport_benefits_driver_gc_seconds_total 0.25\n");
            assertThat(c.authorization()).isNull();
        });
    }

    @Test
    void credentials_in_the_url_become_basic_authorization_and_are_never_shown() throws IOException {
        String withCredentials = url().replace("http://", "http://metrics:s3cr%40t@");
        Pushgateway gateway = new Pushgateway(withCredentials, Duration.ofSeconds(5));
        gateway.push("sport-benefits", Map.of("lake", "/data/lake"), List.of(Sample.gauge("run_success", "ok", 0)));

        assertThat(gateway.where()).isEqualTo(url()).doesNotContain("s3cr");
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString("metrics:s3cr@t".getBytes(StandardCharsets.UTF_8)));
            assertThat(group(c.path())).isEqualTo(Map.of("job", "sport-benefits", "lake", "/data/lake"));
        });
    }

    @Test
    void a_refusal_is_an_error_with_the_status_and_the_gateways_words() {
        status.set(400);
        assertThatThrownBy(() -> new Pushgateway(url(), Duration.ofSeconds(5)).push("sport-benefits", Map.of(),
                List.of(Sample.gauge("run_success", "ok", 1))))
                .isInstanceOf(IOException.class).hasMessageContaining("400").hasMessageContaining("pushed metrics are invalid");
    }

    @Test
    void a_gateway_that_never_answers_is_given_up_at_the_timeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> new Pushgateway("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(500))
                    .push("sport-benefits", Map.of(), List.of(Sample.gauge("run_success", "ok", 1))))
                    .isInstanceOf(IOException.class).hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void a_url_that_is_not_http_has_a_path_or_a_job_name_that_is_not_a_path_segment_is_refused() {
        assertThatThrownBy(() -> new Pushgateway("ftp://host", Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> new Pushgateway(url() + "/prefix", Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a path");
        assertThatThrownBy(() -> new Pushgateway(url(), Duration.ofSeconds(1)).push("a/b", Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job name");
        assertThat(calls).isEmpty();
    }
}
