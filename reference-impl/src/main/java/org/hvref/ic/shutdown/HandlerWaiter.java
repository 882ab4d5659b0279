package org.hvref.ic.shutdown;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the daemon waits for the handler's answer with a limit; injectable so tests drive time instead of sleeping.
 */
@FunctionalInterface
public interface HandlerWaiter {
    /** Blocks the calling thread until the answer arrives or the limit passes (what the MHV kext does, ic §12.3). */
    HandlerWaiter BLOCKING = (answer, limit) -> {
        try {
            answer.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // done, exceptionally: the daemon reads that as a refusal
        }
        return true;
    };

    /**
     * Waits until {@code answer} is done or {@code limit} has passed; an answer arriving exactly at the limit counts.
     *
     * @param answer the handler's answer
     * @param limit  the limit
     * @return whether the answer is done
     * @throws InterruptedException if the waiting thread is interrupted (the daemon then refuses)
     */
    boolean await(CompletableFuture<Boolean> answer, Duration limit) throws InterruptedException;
}
