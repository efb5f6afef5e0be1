package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.quality.QualityGateFailure;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Independent pieces of a stage run at once (Spark schedules jobs from several threads; on small tables the driver's
 * per-job and per-commit costs then overlap), with the caller's log context (run, stage) and one failure reported.
 */
public final class Concurrent {

    private Concurrent() {
    }

    /** Runs {@code work} on every item, at most {@code parallelism} at once (see {@link #inOrder}). */
    public static <T> void each(List<T> items, int parallelism, Consumer<T> work) {
        inOrder(items, item -> List.of(), parallelism, work);
    }

    /**
     * Runs {@code work} on every item, each as soon as the items it depends on have ended — not at the barrier of a
     * whole group — at most {@code parallelism} at once. {@code items} lists every item after those it depends on.
     * Once one fails no other starts (those running finish); then the most telling failure is thrown.
     */
    public static <T> void inOrder(List<T> items, Function<T, List<T>> dependsOn, int parallelism, Consumer<T> work) {
        if (parallelism <= 1 || items.size() <= 1) {
            items.forEach(work);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()));
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        AtomicBoolean failed = new AtomicBoolean();
        Map<T, CompletableFuture<Void>> started = new LinkedHashMap<>();
        try {
            for (T item : items) {
                CompletableFuture<?>[] before = dependsOn.apply(item).stream().map(started::get).filter(Objects::nonNull)
                        .toArray(CompletableFuture[]::new);
                started.put(item, CompletableFuture.allOf(before).thenRunAsync(() -> inLogContext(() -> {
                    if (failed.get()) {
                        throw new NotStarted();
                    }
                    try {
                        work.accept(item);
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                    return null;
                }, logContext).get(), pool));
            }
            throwMostTelling(List.copyOf(started.values()));
        } finally {
            pool.shutdown();
        }
    }

    /** Work not started because another piece failed first: not a failure of its own. */
    private static final class NotStarted extends RuntimeException {
        NotStarted() {
            super("not started: another piece of the work failed", null, false, false);
        }
    }

    /** The same work, run on another thread with the log context {@code context} of the thread that asked for it. */
    public static <R> Supplier<R> inLogContext(Supplier<R> work, Map<String, String> context) {
        return () -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                return work.get();
            } finally {
                MDC.clear();
            }
        };
    }

    /**
     * Waits for every future, then throws the most telling failure among them, if any: a quality gate before a side
     * effect of it (work not started because another failed is not a failure).
     */
    private static void throwMostTelling(List<? extends CompletableFuture<?>> futures) {
        RuntimeException failure = null;
        for (CompletableFuture<?> future : futures) {
            try {
                future.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (cause instanceof NotStarted) {
                    continue;
                }
                if (failure == null || cause instanceof QualityGateFailure && !(failure instanceof QualityGateFailure)) {
                    failure = cause;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
