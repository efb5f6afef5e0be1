package com.sportdata.benefits.slack;

/**
 * One message for a Slack channel, as kept in the outbox: its deterministic event id, the channel, the kind
 * (ACTIVITY, ALERT, DIGEST), the plain-text fallback and the JSON body for the webhook (Block Kit).
 *
 * @param attempts delivery attempts already made (from the outbox)
 * @param inFlight a previous attempt was started and never concluded (the process stopped mid-call): Slack
 *                 may have it already, so a new attempt may duplicate it
 */
public record Post(String eventId, Channel channel, String kind, String text, String payloadJson, int attempts, boolean inFlight) {

    /** The two channels: celebrations, and the data team's alerts. Each has its own webhook. */
    public enum Channel {
        ACTIVITIES("SLACK_WEBHOOK_URL"), ALERTS("SLACK_ALERT_WEBHOOK_URL");

        private final String environmentVariable;

        Channel(String environmentVariable) {
            this.environmentVariable = environmentVariable;
        }

        /** The environment variable holding this channel's webhook URL. */
        public String environmentVariable() {
            return environmentVariable;
        }
    }
}
