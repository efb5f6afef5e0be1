package com.sportdata.benefits.testing;

import com.sportdata.benefits.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the command line in this JVM and captures what it printed. */
public final class Commands {
    /** What a command printed (stdout + stderr) and its exit code. */
    public record Ran(int code, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private Commands() {
    }

    public static synchronized Ran run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true));
        System.setErr(new PrintStream(stderr, true));
        try {
            int code = Main.execute(args);
            return new Ran(code, stdout.toString(), stderr.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
