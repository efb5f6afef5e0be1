package com.sportdata.benefits.cli;

import com.sportdata.benefits.catalog.LakePaths;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers of the command line. */
public final class Cli {
    /** The exit codes every command uses (the README's table). */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int BUSY = 3;

    private Cli() {
    }

    /** The command line as recorded in the run ledger: values of secret-looking keys masked. */
    public static String forLedger(String... args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean secret = arg.matches("(?i).*(secret|password|token|webhook|credential|access[._-]?key).*=.*");
            out.append(i == 0 ? "" : " ").append(secret ? arg.substring(0, arg.indexOf('=') + 1) + "***" : arg);
        }
        return out.toString();
    }

    /** A lake that does not exist is refused (exit 2, nothing created): a mistyped --lake must not start a new lake. */
    public static void requireLake(LakePaths paths) {
        URI root = URI.create(paths.root());
        if ("file".equals(root.getScheme()) && !Files.isDirectory(Path.of(root))) {
            throw new UsageProblem("no lake at " + Path.of(root) + " (check --lake, or create one with `generate --lake "
                    + Path.of(root) + "` or `mkdir -p " + Path.of(root) + "/landing/hr`)");
        }
    }

    /** A non-negative whole number given for {@code option}, or a usage problem naming it. */
    public static int wholeNumber(String option, String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageProblem(option + " expects a whole number >= 0, got '" + text + "'");
        }
    }

    /** A wrong command line or a refused request: exit 2, the message says what to do. */
    public static final class UsageProblem extends RuntimeException {
        public UsageProblem(String message) {
            super(message);
        }
    }

    /** A local copy of a file of the lake (a report, the dashboard), for a lake no browser opens. */
    static void writeLocalCopy(java.nio.file.Path file, String content) {
        try {
            java.nio.file.Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            java.nio.file.Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new UsageProblem("cannot write the copy to " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }
}
