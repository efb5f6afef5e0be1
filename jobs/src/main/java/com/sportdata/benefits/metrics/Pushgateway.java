package com.sportdata.benefits.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus Pushgateway, the standard place for a batch job's metrics: one PUT of the text format to
 * {@code /metrics/job/<job>/<label>@base64/<value>}, which replaces the whole group (the stages of the previous run
 * do not linger). Credentials in the URL ({@code https://user:password@host}) become a Basic authorization header
 * and never appear in what this class says ({@link #where()}).
 */
public final class Pushgateway {
    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    public Pushgateway(String url, Duration timeout) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("metrics.pushgateway-url must be an http(s) URL, e.g. http://127.0.0.1:9091");
        }
        String userInfo = uri.getRawUserInfo();
        this.authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        this.base = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The gateway without its credentials, for logs. */
    public String where() {
        return base.toString();
    }

    /** The URL of a group: the job, then each grouping label base64url-encoded (any character is allowed in values). */
    URI groupUri(String job, Map<String, String> groupingKey) {
        if (!job.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("a Pushgateway job name holds letters, digits and _ . - only: " + job);
        }
        StringBuilder path = new StringBuilder(base.toString()).append("/metrics/job/").append(job);
        groupingKey.forEach((name, value) -> path.append('/').append(name).append("@base64/").append(encode(value)));
        return URI.create(path.toString());
    }

    private static String encode(String value) {
        // the Pushgateway reads "=" as the encoding of an empty value: an empty label is written as one "="
        return value.isEmpty() ? "=" : Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the group's metrics; throws on a refusal or a gateway that does not answer within the timeout. */
    public void push(String job, Map<String, String> groupingKey, List<Sample> samples) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(groupUri(job, groupingKey)).timeout(timeout)
                .header("Content-Type", TextFormat.CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(TextFormat.render(samples), StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new IOException("the Pushgateway answered HTTP " + response.statusCode() + (body.isEmpty() ? "" : ": "
                    + body.substring(0, Math.min(200, body.length()))));
        }
    }
}
