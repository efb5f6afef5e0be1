package com.sportdata.benefits.metrics;

import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus Pushgateway, the standard place for a batch job's metrics, through Prometheus' own Java client: one
 * PUT of the text format to the group of the job and grouping key, which replaces the whole group (the stages of the
 * previous run do not linger). Credentials in the URL ({@code https://user:password@host}) become the client's Basic
 * authorization and never appear in what this class says ({@link #where()}).
 */
public final class Pushgateway {
    private final URI base;
    private final Scheme scheme;
    private final String address;
    private final String user;
    private final String password;
    private final Duration timeout;

    public Pushgateway(String url, Duration timeout) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("metrics.pushgateway-url must be an http(s) URL, e.g. http://127.0.0.1:9091");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (!path.isEmpty()) {
            throw new IllegalArgumentException("metrics.pushgateway-url is the gateway's address (http(s)://host:port), without a path: "
                    + path);
        }
        this.scheme = "https".equals(uri.getScheme()) ? Scheme.HTTPS : Scheme.HTTP;
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme == Scheme.HTTPS ? 443 : 80;
        this.address = uri.getHost() + ":" + port;
        String userInfo = uri.getRawUserInfo();
        String decoded = userInfo == null ? null : URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
        this.user = decoded == null ? null : decoded.substring(0, decoded.contains(":") ? decoded.indexOf(':') : decoded.length());
        this.password = decoded == null || !decoded.contains(":") ? "" : decoded.substring(decoded.indexOf(':') + 1);
        this.base = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        this.timeout = timeout;
    }

    /** The gateway without its credentials, for logs. */
    public String where() {
        return base.toString();
    }

    /** Replaces the group's metrics; throws on a refusal or a gateway that does not answer within the timeout. */
    public void push(String job, Map<String, String> groupingKey, List<Sample> samples) throws IOException {
        if (!job.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("a Pushgateway job name holds letters, digits and _ . - only: " + job);
        }
        PushGateway.Builder builder = PushGateway.builder().scheme(scheme).address(address).job(job).format(Format.PROMETHEUS_TEXT)
                .connectionTimeout(timeout).readTimeout(timeout).registry(Samples.registry(samples));
        groupingKey.forEach(builder::groupingKey);
        if (user != null) {
            builder.basicAuth(user, password);
        }
        builder.build().push();
    }
}
