package com.sportdata.benefits.connect;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.testing.FakeStrava;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A lake with Strava athletes mapped to employees, their tokens in a file outside it, and the connector's secrets. */
abstract class ConnectedLake {
    @TempDir
    Path dir;
    Path lake;
    Path tokens;
    Map<String, String> environment;

    /** @param athletesCsv the athletes file's lines after its header; @param tokensJson the tokens file */
    void connect(String athletesCsv, String tokensJson, Map<String, String> moreEnvironment) throws Exception {
        lake = dir.resolve("lake");
        Files.createDirectories(lake.resolve("connectors/strava"));
        Files.createDirectories(lake.resolve("landing"));
        Files.writeString(lake.resolve("connectors/strava/athletes.csv"), "athlete_id,employee_id\n" + athletesCsv);
        tokens = Files.createDirectories(dir.resolve("secrets")).resolve("strava-tokens.json");
        Files.writeString(tokens, tokensJson);
        Map<String, String> env = new HashMap<>(Map.of(AppConfig.Strava.CLIENT_ID_ENV, FakeStrava.CLIENT_ID,
                AppConfig.Strava.CLIENT_SECRET_ENV, FakeStrava.CLIENT_SECRET, AppConfig.Strava.TOKENS_FILE_ENV, tokens.toString()));
        env.putAll(moreEnvironment);
        environment = Map.copyOf(env);
    }
}
