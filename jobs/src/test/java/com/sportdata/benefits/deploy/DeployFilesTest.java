package com.sportdata.benefits.deploy;

import com.sportdata.benefits.cli.Main;
import com.sportdata.benefits.testing.Wrapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduling files shipped in deploy/: the Airflow DAG, the systemd units, the crontab. */
class DeployFilesTest {
    private static final Path DEPLOY = Wrapper.ROOT.resolve("deploy");

    private record Result(int code, String output) {
    }

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void the_airflow_dag_imports_against_a_stub_airflow_with_one_task_per_stage_in_order() throws Exception {
        // Debian's python3 (Airflow itself cannot be installed here: its test brings a stub airflow package)
        Result r = run(DEPLOY.resolve("airflow"), "/usr/bin/python3", "test_sport_benefits_dag.py");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("Ran 5 tests").contains("OK");
    }

    @Test
    void the_systemd_units_pass_systemd_analyze_verify() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        // the units name /opt/sport-benefits: point them at this checkout for the check
        Path dir = Files.createTempDirectory("units");
        List<String> names = new ArrayList<>();
        try (var units = Files.list(DEPLOY.resolve("systemd"))) {
            for (Path unit : units.toList()) {
                Files.writeString(dir.resolve(unit.getFileName()), Files.readString(unit).replace("/opt/sport-benefits", Wrapper.ROOT.toString())
                        .replace("User=sport-benefits", "User=root"));
                names.add(unit.getFileName().toString());
            }
        }
        assertThat(names).contains("sport-benefits-run.service", "sport-benefits-run.timer", "sport-benefits-schedule.service");
        List<String> command = new ArrayList<>(List.of("/usr/bin/systemd-analyze", "verify"));
        names.forEach(n -> command.add(dir.resolve(n).toString()));
        Result r = run(dir, command.toArray(String[]::new));
        assertThat(r.output().lines().filter(l -> l.contains("sport-benefits")).toList()).as(r.output()).isEmpty();
        // a busy lake (3) is started again, a failure (1) or a configuration error (2) is not
        String service = Files.readString(DEPLOY.resolve("systemd/sport-benefits-run.service"));
        assertThat(service).contains("Restart=on-failure").contains("RestartPreventExitStatus=1 2");
        assertThat(Files.readString(DEPLOY.resolve("systemd/sport-benefits-schedule.service"))).contains("SuccessExitStatus=143");
    }

    @Test
    void every_crontab_line_has_five_time_fields_and_a_command_the_product_knows() throws Exception {
        Pattern entry = Pattern.compile("^\\s*(\\S+\\s+){5}(.*)$");
        Pattern command = Pattern.compile("scripts/sport-benefits (\\w+) --lake");
        List<String> commands = new ArrayList<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("cron/sport-benefits.crontab"))) {
            if (line.isBlank() || line.startsWith("#") || line.matches("^[A-Z_]+=.*")) {
                continue;
            }
            Matcher m = entry.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            Matcher c = command.matcher(m.group(2));
            while (c.find()) {
                commands.add(c.group(1));
            }
        }
        assertThat(commands).contains("run", "digest", "vacuum");
        for (String name : commands) {
            assertThat(Main.execute(name, "--help")).as(name).isZero();
        }
    }
}
