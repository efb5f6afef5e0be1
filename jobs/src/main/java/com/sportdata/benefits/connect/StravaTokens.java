package com.sportdata.benefits.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The connected athletes' OAuth tokens, in a JSON file whose path comes from the environment ({@code STRAVA_TOKENS_FILE},
 * outside the repository and the lake): {@code {"<athlete id>": {"access_token", "refresh_token", "expires_at",
 * "needs_reauthorisation", "reason"}}}. Strava may return a new refresh token with every refresh and the old one then
 * stops working, so the file is rewritten at once, atomically (a temporary file beside it, moved over it), readable by
 * its owner only. Tokens never leave this class for a log.
 */
public final class StravaTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One athlete's tokens; {@code expiresAt} in epoch seconds. */
    public record Token(String accessToken, String refreshToken, long expiresAt, boolean needsReauthorisation, String reason,
                        boolean alerted) {
        public Token(String accessToken, String refreshToken, long expiresAt) {
            this(accessToken, refreshToken, expiresAt, false, null, false);
        }

        /** The athlete must authorise again: the tokens are dropped (they no longer work). */
        public static Token reauthorise(String why) {
            return new Token(null, null, 0, true, why, false);
        }

        /** The same, its re-authorisation alerted. */
        public Token alertedNow() {
            return new Token(accessToken, refreshToken, expiresAt, needsReauthorisation, reason, true);
        }

        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + ", needsReauthorisation=" + needsReauthorisation + "]"; // never the secrets
        }
    }

    private final Path file;
    private final Map<Long, Token> tokens;

    private StravaTokens(Path file, Map<Long, Token> tokens) {
        this.file = file;
        this.tokens = tokens;
    }

    public static StravaTokens load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the Strava tokens file " + file + " does not exist (STRAVA_TOKENS_FILE): see docs/strava.md"
                    + " for how an athlete is connected");
        }
        Map<Long, Token> tokens = new TreeMap<>();
        try {
            JsonNode root = JSON.readTree(file.toFile());
            for (var fields = root.fields(); fields.hasNext(); ) {
                var e = fields.next();
                JsonNode t = e.getValue();
                tokens.put(Long.parseLong(e.getKey()), new Token(t.path("access_token").asText(null), t.path("refresh_token").asText(null),
                        t.path("expires_at").asLong(0), t.path("needs_reauthorisation").asBoolean(false), t.path("reason").asText(null),
                        t.path("alerted").asBoolean(false)));
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("the Strava tokens file " + file + " is not the expected JSON ({\"<athlete id>\": "
                    + "{\"access_token\", \"refresh_token\", \"expires_at\"}}): " + e.getClass().getSimpleName());
        }
        return new StravaTokens(file, tokens);
    }

    public Optional<Token> of(long athlete) {
        return Optional.ofNullable(tokens.get(athlete));
    }

    /** Records an athlete's new tokens and writes the file at once. */
    public void put(long athlete, Token token) {
        tokens.put(athlete, token);
        save();
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        tokens.forEach((athlete, t) -> {
            ObjectNode node = root.putObject(Long.toString(athlete));
            node.put("access_token", t.accessToken());
            node.put("refresh_token", t.refreshToken());
            node.put("expires_at", t.expiresAt());
            if (t.needsReauthorisation()) {
                node.put("needs_reauthorisation", true);
                node.put("reason", t.reason());
                node.put("alerted", t.alerted());
            }
        });
        try {
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's permissions protect it
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the Strava tokens file " + file + ": " + e.getMessage(), e);
        }
    }
}
