package com.sportdata.benefits.quality;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Where alerts go. Until the Slack alert channel exists, an alert is a clearly marked log line (and the
 * check's row in {@code gold.fct_quality_checks}); every alert of the run is also kept for the summary.
 */
public class Alerts {
    private static final Logger LOG = LoggerFactory.getLogger("ALERT");
    private final List<String> raised = new ArrayList<>();

    public void raise(String runId, String what) {
        String line = "[run " + runId + "] " + what;
        raised.add(line);
        LOG.warn("ALERT {}", line);
    }

    public List<String> raised() {
        return List.copyOf(raised);
    }
}
