package com.sportdata.benefits.cli;

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

    /** A wrong command line or a refused request: exit 2, the message says what to do. */
    public static final class UsageProblem extends RuntimeException {
        public UsageProblem(String message) {
            super(message);
        }
    }
}
