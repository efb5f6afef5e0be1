package com.sportdata.benefits.connect;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where the online routing provider's key comes from (the environment, {@code GOOGLE_ROUTES_API_KEY}; a test names its
 * own) and what each run paid for, for its summary.
 */
public final class OnlineRoutes {
    private static final Map<String, RouteMatrixClient.Usage> USAGE = new ConcurrentHashMap<>();
    private static volatile Function<String, String> environment = System::getenv;

    private OnlineRoutes() {
    }

    public static Optional<String> apiKey(String variable) {
        String key = environment.apply(variable);
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.trim());
    }

    /** A test's environment in place of the process's, until the returned handle is closed. */
    public static AutoCloseable useEnvironment(Map<String, String> variables) {
        environment = variables::get;
        return () -> environment = System::getenv;
    }

    public static void record(String runId, RouteMatrixClient.Usage usage) {
        USAGE.merge(runId, usage, (a, b) -> new RouteMatrixClient.Usage(a.calls() + b.calls(), a.elements() + b.elements(),
                a.routed() + b.routed(), a.notFound() + b.notFound(), a.failed() + b.failed(), a.notAsked() + b.notAsked()));
    }

    /** What the run asked Google for, once (the summary takes it). */
    public static Optional<RouteMatrixClient.Usage> takeUsage(String runId) {
        return Optional.ofNullable(USAGE.remove(runId));
    }
}
