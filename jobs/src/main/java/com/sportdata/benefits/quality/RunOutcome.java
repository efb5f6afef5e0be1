package com.sportdata.benefits.quality;

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

    /** The report's first sentence. */
    public String sentence(String runId, long errors, long warnings) {
        if (failed()) {
            return "Run " + runId + " FAILED in its " + failedStage + " stage: " + reason + ". What that stage would have published was"
                    + " not; what it found is below.";
        }
        return "Run " + runId + " succeeded" + (errors + warnings == 0 ? ": every check passed."
                : warnings > 0 ? ", with " + warnings + (warnings == 1 ? " warning" : " warnings") + " to look at below." : ".");
    }
}
