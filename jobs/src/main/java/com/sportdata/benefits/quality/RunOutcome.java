package com.sportdata.benefits.quality;

import com.sportdata.benefits.support.Messages;

/**
 * How the run a report belongs to ended, for its first sentence: succeeded, or failed in a stage and why (a rejected
 * file, a quality gate, a failure that outlasted its retries). A report's checks alone cannot say it: a run rejected at
 * ingest has few checks and none failed.
 *
 * @param failedStage the stage that failed, or null when the run succeeded
 * @param reason      the failure's first line (names the file or the check), or null
 */
public record RunOutcome(String failedStage, String reason) {
    public static final RunOutcome SUCCEEDED = new RunOutcome(null, null);

    public boolean failed() {
        return failedStage != null;
    }

    /** The report's first sentence, in {@code messages}' language. */
    public String sentence(Messages messages, String runId, long errors, long warnings) {
        if (failed()) {
            return messages.text("report.outcome.failed", runId, failedStage, reason);
        }
        return errors + warnings == 0 ? messages.text("report.outcome.passed", runId)
                : warnings > 0 ? messages.text("report.outcome.warned", runId, warnings) : messages.text("report.outcome.errors", runId);
    }
}
