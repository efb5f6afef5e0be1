package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.pipeline.TableListener;
import com.sportdata.benefits.pipeline.TableRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress a person can follow: one log line per step (stage n/m started and ended, each table published with its
 * rows and time), and on a terminal a live line redrawn in place ({@code [2/5 silver] silver.activities · 12.3 s}).
 */
public final class Progress implements TableListener {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final PrintStream terminal;
    private long runStart = System.currentTimeMillis();
    private volatile String stageLabel = "";

    private Progress(PrintStream terminal) {
        this.terminal = terminal;
    }

    /** Live line on stderr when it is a terminal (and logs are not JSON); log lines always. */
    public static Progress forConsole(boolean jsonLogs) {
        return new Progress(System.console() != null && !jsonLogs ? System.err : null);
    }

    public static Progress logOnly() {
        return new Progress(null);
    }

    void runStarted() {
        runStart = System.currentTimeMillis();
    }

    void stageStarted(int n, int m, String stage, int attempt) {
        stageLabel = "[" + n + "/" + m + " " + stage + (attempt > 1 ? " attempt " + attempt : "") + "]";
        LOG.info("stage {}/{} {} started{}", n, m, stage, attempt > 1 ? " (attempt " + attempt + ")" : "");
        live(stageLabel);
    }

    void stageEnded(int n, int m, String stage, String status, long millis, String detail) {
        LOG.info("stage {}/{} {} {} in {} s{}", n, m, stage, status, seconds(millis), detail == null || detail.isBlank() ? "" : ": " + detail);
        live(null);
    }

    void stageReused(int n, int m, String stage) {
        LOG.info("stage {}/{} {} already done by an earlier attempt of this run: reused", n, m, stage);
    }

    @Override
    public void tableStarted(TableId table) {
        live(stageLabel + " " + table.qualifiedName());
    }

    @Override
    public void tablePublished(TableRun result) {
        live(stageLabel + " " + result.table().qualifiedName() + " " + result.rowsOut() + " rows");
    }

    private synchronized void live(String text) {
        if (terminal == null) {
            return;
        }
        terminal.print("\r\033[K");
        if (text != null) {
            terminal.print(text + " · " + seconds(System.currentTimeMillis() - runStart) + " s");
        }
        terminal.flush();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
