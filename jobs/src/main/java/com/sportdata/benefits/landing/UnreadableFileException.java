package com.sportdata.benefits.landing;

/** A landing file that cannot be ingested at all; the message names the file and the problem. */
public final class UnreadableFileException extends RuntimeException {
    private final String file;
    private final String problem;

    public UnreadableFileException(String file, String problem) {
        this(file, problem, null);
    }

    public UnreadableFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public String problem() {
        return problem;
    }
}
