package com.sportdata.benefits.testing;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for tests: s3proxy (fetched by Maven into target/s3proxy, never on our classpath) as a
 * separate java process on a random loopback port, stopped by PID. Its in-memory backend keeps S3's key semantics
 * ("a/" and "a" are different objects); its filesystem backends map both to one folder, which breaks S3A's directory
 * markers (Delta's mkdirs of _delta_log/_commits then sees "a file").
 */
public final class S3Proxy implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    private final String secret = "test-secret-" + UUID.randomUUID();
    private final int port;
    private final Process process;

    private S3Proxy(Path folder) throws IOException {
        Path jar = Wrapper.ROOT.resolve("jobs/target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: mvn package fetches it (dependency:copy)");
        }
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(folder);
        Path properties = folder.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + secret,
                "jclouds.provider=transient") + "\n");
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar",
                jar.toString(), "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(folder.resolve("s3proxy.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    close();
                    throw new IllegalStateException("s3proxy did not start; log: " + folder.resolve("s3proxy.log"));
                }
                sleep(100);
            }
        }
    }

    public static S3Proxy start(Path folder) throws IOException {
        return new S3Proxy(folder);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String secret() {
        return secret;
    }

    /** The environment a user sets for this server (the AWS tools' names). */
    public Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL", endpoint(), "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", secret,
                "AWS_REGION", "us-east-1");
    }

    public AmazonS3 client() {
        return AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint(), "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, secret))).build();
    }

    public void createBucket(String name) {
        client().createBucket(name);
    }

    /** S3A settings for a test's own SparkSession, to read what the product wrote. */
    public Map<String, String> s3aProperties() {
        return Map.of("fs.s3a.endpoint", endpoint(), "fs.s3a.path.style.access", "true", "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.access.key", ACCESS_KEY, "fs.s3a.secret.key", secret, "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
