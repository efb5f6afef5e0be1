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

    /**
     * Runs the first command the product suggested in {@code text} ({@code `scripts/sport-benefits …`}) exactly as
     * printed: the shell words a person would paste, without the launcher's own name.
     */
    public static Ran pasted(String text) {
        return pasted(System.getenv(), text);
    }

    /** The same, in a shell with {@code environment}. */
    public static Ran pasted(java.util.Map<String, String> environment, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`(scripts/sport-benefits [^`]*)`").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no suggested command in: " + text);
        }
        java.util.List<String> words = shellWords(m.group(1));
        return run(environment, words.subList(1, words.size()).toArray(String[]::new));
    }

    /** The words a POSIX shell makes of a line (single and double quotes, backslash escapes outside single quotes). */
    public static java.util.List<String> shellWords(String line) {
        java.util.List<String> words = new java.util.ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new AssertionError("unbalanced quote in: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    public static Ran run(String... args) {
        return run(System.getenv(), args);
    }

    public static synchronized Ran run(java.util.Map<String, String> environment, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true));
        System.setErr(new PrintStream(stderr, true));
        try {
            int code = Main.execute(environment, args);
            return new Ran(code, stdout.toString(), stderr.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
