package com.sportdata.benefits.connect;

import com.sportdata.benefits.config.AppConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The connector's secrets, from the environment only: the application's id and secret, and where the tokens are. */
final class StravaSecrets {
    private static final List<String> VARIABLES = List.of(AppConfig.Strava.CLIENT_ID_ENV, AppConfig.Strava.CLIENT_SECRET_ENV,
            AppConfig.Strava.TOKENS_FILE_ENV);

    private StravaSecrets() {
    }

    static List<String> missing(Map<String, String> environment) {
        return VARIABLES.stream().filter(v -> environment.get(v) == null || environment.get(v).isBlank()).toList();
    }

    static void require(Map<String, String> environment) {
        List<String> missing = missing(environment);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.get(0) + " is not set in the environment: see docs/strava.md for how Strava is connected");
        }
    }

    static StravaTokens tokens(Map<String, String> environment) {
        return StravaTokens.load(Path.of(environment.get(AppConfig.Strava.TOKENS_FILE_ENV)));
    }

    static String reauthorisationAlert(long athlete, long employee, String why) {
        return "Strava athlete " + athlete + " (employee " + employee + ") needs re-authorisation: " + why + "; their activities are no longer pulled";
    }
}
