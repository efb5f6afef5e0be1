package com.sportdata.benefits.catalog;

import com.sportdata.benefits.config.AppConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The file system a lake lives on. A local folder needs nothing; an {@code s3a://} lake needs Hadoop's S3A connector
 * configured from the {@code s3} section (endpoint, region, keys — from the environment), with retries and timeouts
 * capped so that a wrong endpoint fails in seconds, not after S3A's minutes of retries.
 *
 * <p>The same properties go to Spark (as {@code spark.hadoop.fs.s3a.*}, so executors get them; Spark redacts keys
 * matching {@code spark.redaction.regex} — secret, token, access.key — in its UI and event logs) and to the plain
 * Hadoop configuration the lock, the probe and the generator use before or without Spark.
 */
public final class LakeStorage {
    private static final String DEFAULT_CHAIN = "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider,"
            + "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider,com.amazonaws.auth.DefaultAWSCredentialsProviderChain";

    private LakeStorage() {
    }

    /** Whether the lake is on an object store reached through S3A (and not a local or POSIX file system). */
    public static boolean onS3(String root) {
        String scheme = URI.create(root).getScheme();
        return scheme != null && scheme.toLowerCase(Locale.ROOT).startsWith("s3");
    }

    /**
     * The Hadoop properties for the lake: local files without a child process per file
     * ({@link com.sportdata.benefits.spark.LocalFileSystems}), and S3A's for a lake on S3.
     */
    public static Map<String, String> hadoopProperties(AppConfig config) {
        Map<String, String> p = new LinkedHashMap<>(com.sportdata.benefits.spark.LocalFileSystems.HADOOP_PROPERTIES);
        if (onS3(new LakePaths(config.lake()).root())) {
            p.putAll(s3aProperties(config.s3()));
        }
        return p;
    }

    /** {@code fs.s3a.*} properties from the s3 settings. */
    public static Map<String, String> s3aProperties(AppConfig.S3 s3) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!s3.endpoint().isEmpty()) {
            String endpoint = s3.endpoint().replaceAll("/+$", "");
            p.put("fs.s3a.endpoint", endpoint);
            p.put("fs.s3a.connection.ssl.enabled", String.valueOf(endpoint.toLowerCase(Locale.ROOT).startsWith("https://")));
        }
        boolean pathStyle = switch (s3.pathStyleAccess()) {
            case "true" -> true;
            case "false" -> false;
            default -> !s3.endpoint().isEmpty();
        };
        p.put("fs.s3a.path.style.access", String.valueOf(pathStyle));
        String region = !s3.region().isEmpty() ? s3.region() : s3.endpoint().isEmpty() ? "" : "us-east-1";
        if (!region.isEmpty()) {
            p.put("fs.s3a.endpoint.region", region);
        }
        // keys given (environment or configuration): S3A's own providers use them, on the driver and the executors;
        // none: the AWS default chain (environment, AWS_PROFILE, web identity, container, instance profile)
        p.put("fs.s3a.aws.credentials.provider", DEFAULT_CHAIN);
        if (!s3.accessKey().isEmpty()) {
            p.put("fs.s3a.access.key", s3.accessKey());
            p.put("fs.s3a.secret.key", s3.secretKey());
            if (!s3.sessionToken().isEmpty()) {
                p.put("fs.s3a.session.token", s3.sessionToken());
            }
        }
        p.put("fs.s3a.connection.establish.timeout", String.valueOf(s3.connectTimeoutMs()));
        p.put("fs.s3a.connection.timeout", String.valueOf(s3.socketTimeoutMs()));
        p.put("fs.s3a.attempts.maximum", String.valueOf(s3.retries()));
        p.put("fs.s3a.retry.limit", String.valueOf(s3.retries()));
        p.put("fs.s3a.retry.interval", "250ms");
        p.put("fs.s3a.retry.throttle.limit", String.valueOf(Math.max(s3.retries(), 3)));
        p.put("fs.s3a.retry.throttle.interval", "500ms");
        // S3A checks the bucket itself only when asked; the probe below does it with a clear message
        p.put("fs.s3a.bucket.probe", "0");
        // keep directory markers: no bulk DELETE of parent markers after every file written (half the requests of a
        // Delta commit); Hadoop ≥ 3.2.2 / 3.3.1 clients read such buckets correctly (S3A's own recommendation)
        p.put("fs.s3a.directory.marker.retention", "keep");
        p.putAll(s3.hadoop());
        return p;
    }

    /** A Hadoop configuration for the lake, for what runs before or without Spark (lock, probe, generator). */
    public static Configuration hadoopConfiguration(AppConfig config) {
        Configuration conf = new Configuration();
        hadoopProperties(config).forEach(conf::set);
        return conf;
    }

    /**
     * Checks that the lake can be reached before a command touches it: the endpoint answers, the credentials are
     * accepted, the bucket exists, and (unless {@code mayBeNew}) the lake's folder holds something. Bounded by
     * {@code s3.probe-timeout-seconds}. Nothing is written.
     *
     * @throws Unreachable with a one-line reason
     * @throws NoLake when the bucket is there but the lake is not
     */
    public static void probe(AppConfig config, boolean mayBeNew) {
        LakePaths paths = new LakePaths(config.lake());
        if (!onS3(paths.root())) {
            return;
        }
        URI root = URI.create(paths.root());
        String bucket = root.getScheme() + "://" + root.getAuthority() + "/";
        String where = config.s3().endpoint().isEmpty() ? "AWS S3" : config.s3().endpoint();
        Configuration conf = hadoopConfiguration(config);
        ExecutorService probe = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lake-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Boolean> exists = probe.submit(() -> {
                FileSystem fs = FileSystem.get(root, conf);
                // a listing of the bucket: the one request that tells a missing bucket from refused keys
                fs.listStatusIterator(new Path(bucket)).hasNext();
                return fs.exists(new Path(paths.root()));
            });
            boolean found = exists.get(config.s3().probeTimeoutSeconds(), TimeUnit.SECONDS);
            if (!found && !mayBeNew) {
                throw new NoLake("no lake at " + paths.root() + " (bucket " + root.getAuthority() + " is there, the prefix is empty: check"
                        + " --lake, or create one with `generate --lake " + paths.root() + "`)");
            }
        } catch (TimeoutException e) {
            throw new Unreachable("cannot reach the lake " + paths.root() + ": no answer from " + where + " within "
                    + config.s3().probeTimeoutSeconds() + " s (check AWS_ENDPOINT_URL / s3.endpoint and the network)");
        } catch (ExecutionException e) {
            throw new Unreachable(explain(e.getCause(), paths.root(), root.getAuthority(), where));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while reaching the lake " + paths.root());
        } finally {
            probe.shutdownNow();
        }
    }

    /** One line that says what is wrong with an S3 failure, from the exception S3A raised. */
    static String explain(Throwable failure, String lake, String bucket, String where) {
        String all = chain(failure);
        String lower = all.toLowerCase(Locale.ROOT);
        if (lower.contains("nosuchbucket") || lower.contains("unknownstoreexception")) {
            return "cannot use the lake " + lake + ": bucket " + bucket + " does not exist at " + where
                    + " (create it, or check --lake)";
        }
        if (lower.contains("accessdenied") || lower.contains("403") || lower.contains("signaturedoesnotmatch")
                || lower.contains("invalidaccesskeyid") || lower.contains("no aws credentials")
                || lower.contains("unable to load aws credentials")) {
            return "cannot use the lake " + lake + ": " + where + " refused the credentials (check AWS_ACCESS_KEY_ID /"
                    + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the instance role, and the bucket's policy)";
        }
        if (failure instanceof FileNotFoundException) {
            return "cannot use the lake " + lake + ": " + where + " answered \"not found\" without an S3 error code (is it an S3"
                    + " endpoint? check AWS_ENDPOINT_URL / s3.endpoint)";
        }
        if (lower.contains("connect") || lower.contains("unknownhost") || lower.contains("timed out") || lower.contains("timeout")
                || lower.contains("unable to execute http request")) {
            return "cannot reach the lake " + lake + ": " + where + " does not answer (" + firstLine(rootCause(failure))
                    + "; check AWS_ENDPOINT_URL / s3.endpoint)";
        }
        return "cannot use the lake " + lake + " at " + where + ": " + firstLine(failure);
    }

    private static String chain(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The lake's storage cannot be used: exit 1, a one-line reason, nothing written. */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(String message) {
            super(message);
        }
    }

    /** The storage answers but holds no lake there: a usage problem (exit 2), like a local folder that is missing. */
    public static final class NoLake extends IllegalArgumentException {
        public NoLake(String message) {
            super(message);
        }
    }
}
