package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.quality.QualityGateFailure;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Independent pieces of a stage run at once (Spark schedules jobs from several threads; on small tables the driver's
 * per-job and per-commit costs then overlap), with the caller's log context (run, stage) and one failure reported.
 */
public final class Concurrent {

    private Concurrent() {
    }

    /** Runs {@code work} on every item, at most {@code parallelism} at once; throws the most telling failure after all ended. */
    public static <T> void each(List<T> items, int parallelism, Consumer<T> work) {
        if (parallelism <= 1 || items.size() <= 1) {
            items.forEach(work);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()));
        try {
            List<CompletableFuture<Void>> futures = items.stream()
                    .map(item -> CompletableFuture.runAsync(() -> inLogContext(() -> {
                        work.accept(item);
                        return null;
                    }, MDC.getCopyOfContextMap()).get(), pool))
                    .toList();
            throwMostTelling(futures);
        } finally {
            pool.shutdown();
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
     * effect of it; a failure of type {@code ignored} (work not started because another failed) is not one.
     */
    public static void throwMostTelling(List<? extends CompletableFuture<?>> futures, Class<?>... ignored) {
        RuntimeException failure = null;
        for (CompletableFuture<?> future : futures) {
            try {
                future.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (java.util.Arrays.stream(ignored).anyMatch(type -> type.isInstance(cause))) {
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
