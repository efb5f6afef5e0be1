package com.sportdata.benefits.run;

/**
 * How often a stage is tried when it fails for a transient reason, and how long it waits in between:
 * {@code initialBackoffMs × 2^(attempt − 1)}, at most {@code maxBackoffMs}.
 */
public record RetryPolicy(int maxAttempts, long initialBackoffMs, long maxBackoffMs) {
    public static final RetryPolicy ONCE = new RetryPolicy(1, 0, 0);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a stage is tried at least once");
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public long backoffMillis(int attempt) {
        double wait = initialBackoffMs * Math.pow(2, Math.max(0, attempt - 1));
        return (long) Math.min(wait, maxBackoffMs);
    }
}
