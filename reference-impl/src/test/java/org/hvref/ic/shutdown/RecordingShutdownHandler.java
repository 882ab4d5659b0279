package org.hvref.ic.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link ShutdownHandler} whose answers the test controls; logs "ask ACTION" and "perform ACTION force". */
final class RecordingShutdownHandler implements ShutdownHandler {
    final List<String> log;
    final List<CompletableFuture<Boolean>> asks = new ArrayList<>();
    /** The answer given at once, or {@code null} to leave the ask open. */
    Boolean immediate = Boolean.TRUE;
    boolean hibernate;

    RecordingShutdownHandler(List<String> log) {
        this.log = log;
    }

    @Override
    public CompletionStage<Boolean> canPerform(ShutdownAction action) {
        log.add("ask " + action);
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        asks.add(f);
        if (immediate != null) {
            f.complete(immediate);
        }
        return f;
    }

    @Override
    public void perform(ShutdownAction action, boolean force) {
        log.add("perform " + action + (force ? " force" : ""));
    }

    @Override
    public boolean supportsHibernate() {
        return hibernate;
    }

    /** @return the log entries that start with "perform" */
    List<String> performed() {
        return log.stream().filter(s -> s.startsWith("perform")).toList();
    }
}
