package com.sportdata.benefits.deploy;

import com.sportdata.benefits.testing.SparkTest;
import com.sportdata.benefits.testing.Wrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real standalone cluster (scripts/cluster: a master and two workers, separate processes on 127.0.0.1, on a
 * Spark distribution's jars only), the product submitted to it by its launcher as the application jar. Cluster
 * deploy mode on a generated company, client mode on the real files with a worker killed mid-run: gold identical
 * to local[2] runs of the same inputs. Every process is stopped by PID, even when a test fails.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT extends SparkTest {
    private static final String AS_OF = "2026-06-30";
    private static final Duration RUN = Duration.ofMinutes(6);
    private Path work;
    private Path clusterDir;
    private Map<String, String> clusterEnv;
    private String master;
    private int historyPort;

    @BeforeAll
    void start() throws IOException {
        work = newLake("cluster-it");
        clusterDir = work.resolve("cluster");
        int port = freePort();
        historyPort = freePort();
        clusterEnv = Map.of("CLUSTER_DIR", clusterDir.toString(), "CLUSTER_MASTER_PORT", String.valueOf(port),
                "CLUSTER_UI_PORT", String.valueOf(freePort()), "CLUSTER_HISTORY_PORT", String.valueOf(historyPort));
        master = "spark://127.0.0.1:" + port;
        Wrapper.Outcome up = Wrapper.run("cluster", work, Duration.ofMinutes(3), clusterEnv, "start", "--workers", "2", "--cores", "1",
                "--memory", "2500m");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("2 workers");
    }

    @AfterAll
    void stop() {
        try {
            Wrapper.run("cluster", work, Duration.ofMinutes(1), clusterEnv, "stop");
        } finally {
            // whatever the script did, nothing it started outlives the tests
            pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (var files = Files.list(clusterDir.resolve("pids"))) {
            for (Path file : files.toList()) {
                pids.add(Long.parseLong(Files.readString(file).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            // no PID files: nothing to stop
        }
        return pids;
    }

    private Map<String, String> onCluster(String deployMode) {
        Map<String, String> env = new HashMap<>(clusterEnv);
        env.put("SPARK_MASTER", master);
        env.put("SPARK_DEPLOY_MODE", deployMode);
        env.put("SPARK_DRIVER_MEMORY", "1g");
        env.put("SPARK_EXECUTOR_MEMORY", "1g");
        return env;
    }

    @Test
    @Order(1)
    void status_shows_the_master_and_two_live_workers() {
        Wrapper.Outcome status = Wrapper.run("cluster", work, Duration.ofMinutes(1), clusterEnv, "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("master: running").contains("worker-1: running").contains("worker-2: running")
                .contains("2 worker(s) alive");
    }

    @Test
    @Order(2)
    void cluster_mode_runs_a_generated_company_with_the_figures_of_a_local_run() throws IOException {
        Path onCluster = work.resolve("generated-cluster");
        Path local = work.resolve("generated-local");
        for (Path lake : List.of(onCluster, local)) {
            Wrapper.Outcome generated = Wrapper.run("sport-benefits", work, Duration.ofMinutes(2), Map.of(), "generate", "--lake",
                    lake.toString(), "--employees", "60", "--seed", "7", "--as-of", AS_OF);
            assertThat(generated.exitCode()).as(generated.output()).isZero();
        }
        // a relative --lake: the driver runs in a worker's folder, the launcher makes it absolute
        Wrapper.Outcome run = Wrapper.run("sport-benefits", work, RUN, onCluster("cluster"), "run", "--lake",
                work.relativize(onCluster).toString(), "--as-of", AS_OF);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Status: SUCCEEDED").containsPattern("driver driver-\\d+-\\d+");
        Wrapper.Outcome localRun = Wrapper.run("sport-benefits", work, RUN, Map.of(), "run", "--lake", local.toString(), "--as-of", AS_OF);
        assertThat(localRun.exitCode()).as(localRun.output()).isZero();
        assertThat(Wrapper.goldHashes(spark(), onCluster.toString())).isEqualTo(Wrapper.goldHashes(spark(), local.toString()));
    }

    @Test
    @Order(3)
    void cluster_mode_returns_the_drivers_exit_code() {
        Wrapper.Outcome refused = Wrapper.run("sport-benefits", work, RUN, onCluster("cluster"), "run", "--lake",
                work.resolve("generated-cluster").toString(), "--set", "rules.bonus.rate=abc");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("rules.bonus.rate");
    }

    @Test
    @Order(4)
    void client_mode_runs_the_real_files_and_survives_a_killed_worker() throws Exception {
        Path lake = work.resolve("real-cluster");
        Wrapper.realLanding(lake);
        Path log = work.resolve("client-run.log");
        long start = System.nanoTime();
        Process run = Wrapper.start("sport-benefits", work, log, onCluster("client"), "run", "--lake", lake.toString(), "--as-of", AS_OF);
        try {
            long deadline = System.currentTimeMillis() + 240_000;
            while (!Files.readString(log).contains("stage 2/5 silver started")) {
                assertThat(run.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.currentTimeMillis()).as("silver did not start").isLessThan(deadline);
                Thread.sleep(200);
            }
            long worker = Long.parseLong(Files.readString(clusterDir.resolve("pids/worker-1.pid")).trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(worker);
            assertThat(handle).isPresent();
            // the worker and its executor, as a machine lost would take them
            handle.get().descendants().forEach(ProcessHandle::destroyForcibly);
            handle.get().destroyForcibly();
            Wrapper.Outcome outcome = Wrapper.finish(run, log, RUN, start);
            assertThat(outcome.exitCode()).as(outcome.output()).isZero();
            assertThat(outcome.output()).contains("Status: SUCCEEDED");
        } finally {
            com.sportdata.benefits.testing.Processes.kill(run);
        }
        assertThat(Wrapper.goldHashes(spark(), lake.toString())).isEqualTo(Wrapper.localRealGold(spark(), work, AS_OF));
    }

    @Test
    @Order(5)
    void the_history_server_shows_the_event_logs_of_the_cluster_runs() throws Exception {
        Wrapper.Outcome history = Wrapper.run("cluster", work, Duration.ofMinutes(1), clusterEnv, "history");
        assertThat(history.exitCode()).as(history.output()).isZero();
        java.net.http.HttpResponse<String> apps = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + historyPort + "/api/v1/applications"))
                .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(apps.statusCode()).isEqualTo(200);
        // the cluster-mode run and the client-mode run (the refused one stopped before Spark started), both complete
        com.fasterxml.jackson.databind.JsonNode list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(apps.body());
        List<String> completed = new ArrayList<>();
        list.forEach(app -> {
            if (app.get("attempts").get(0).get("completed").asBoolean()) {
                completed.add(app.get("name").asText());
            }
        });
        assertThat(completed).as(apps.body()).containsExactly("sport-benefits", "sport-benefits");
    }

    @Test
    @Order(6)
    void stop_leaves_no_process() {
        List<Long> started = pids();
        assertThat(started).isNotEmpty();
        Wrapper.Outcome stopped = Wrapper.run("cluster", work, Duration.ofMinutes(1), clusterEnv, "stop");
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        assertThat(started).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
        Wrapper.Outcome status = Wrapper.run("cluster", work, Duration.ofMinutes(1), clusterEnv, "status");
        assertThat(status.output()).contains("no cluster running");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
