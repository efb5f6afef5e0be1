package com.sportdata.benefits.run;

import com.sportdata.benefits.lock.LakeBusy;
import com.sportdata.benefits.config.ConfigError;
import com.sportdata.benefits.landing.UnreadableFileException;
import com.sportdata.benefits.quality.QualityGateFailure;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Locale;

/**
 * Which failures are worth another attempt: transient ones (I/O errors, timeouts, S3 throttling, a lost executor),
 * never bad input, a quality gate or a wrong configuration, which fail the same way every time.
 */
public final class Failures {
    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof QualityGateFailure || t instanceof BadInput || t instanceof ConfigError || t instanceof LakeBusy
                    || t instanceof UnreadableFileException || t instanceof IllegalArgumentException) {
                return false;
            }
            if (t instanceof TransientFailure || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t instanceof IOException && !(t instanceof FileNotFoundException)) {
                return true;
            }
            String name = t.getClass().getName();
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            // S3 answers 503 SlowDown when throttling; the AWS SDK names it in the message (class names vary by SDK)
            if (name.contains("amazonaws") && (message.contains("slowdown") || message.contains("503") || message.contains("throttl"))) {
                return true;
            }
            // a lost executor or shuffle output: Spark gives up on the job, the next attempt reschedules it
            if (message.contains("executorlostfailure") || message.contains("fetchfailed")
                    || message.contains("executor heartbeat timed out") || message.contains("remote rpc client disassociated")) {
                return true;
            }
        }
        return false;
    }

    /** The first line of a failure's message (Spark's messages carry plans and stack traces after it). */
    public static String firstLine(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The failure as an unchecked exception: itself, or wrapped with the same message (Spark's undeclared checked ones). */
    public static RuntimeException unchecked(Exception failure) {
        return failure instanceof RuntimeException r ? r : new Undeclared(failure);
    }

    /** A checked exception thrown where none is declared (Scala code), carried with its message. */
    public static final class Undeclared extends RuntimeException {
        Undeclared(Exception cause) {
            super(String.valueOf(cause.getMessage()), cause);
        }
    }

    /** A failure known to be transient (tests, and code that knows better than the classification). */
    public static class TransientFailure extends RuntimeException {
        public TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
