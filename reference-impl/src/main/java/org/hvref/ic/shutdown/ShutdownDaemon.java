package org.hvref.ic.shutdown;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcServiceRequest;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;

/**
 * The guest's shutdown service (devices-ic-input-video.md §3, §11.2): validates the payload, applies its family's
 * rules, asks the {@link ShutdownHandler} (MacHyperVSupport family, at most {@link #MHV_HANDLER_LIMIT}) and answers
 * S_OK only if every check passed; after the answer was sent ({@link #onRequest}) it tells the handler to act.
 *
 * <p>Refusals: a payload shorter than 2060 bytes or with reserved flag bits (a {@link
 * MalformedShutdownMessageException}, which the IC client answers E_FAIL), RESTART|HIBERNATE together, an action the
 * family does not accept, a handler that says no, fails or does not answer within the limit: all E_FAIL, and the
 * handler is never told to act. Like the MHV kext, {@link #answer} blocks the channel while it waits (ic §12.3).
 */
public final class ShutdownDaemon implements IcRequestConsumer {
    /** The kext's wait for hvshutdownd: 15 s (ic §1.8; MHV HyperVICUserClient.cpp sleepThread). */
    public static final Duration MHV_HANDLER_LIMIT = Duration.ofSeconds(15);

    private final ShutdownHandler handler;
    private final ShutdownFamily family;
    private final Duration limit;
    private final HandlerWaiter waiter;

    /**
     * A MacHyperVSupport-style daemon: asks the handler, waits at most 15 s (blocking).
     *
     * @param handler the handler
     */
    public ShutdownDaemon(ShutdownHandler handler) {
        this(handler, ShutdownFamily.MAC_HYPERV_SUPPORT, MHV_HANDLER_LIMIT, HandlerWaiter.BLOCKING);
    }

    /**
     * Creates a daemon.
     *
     * @param handler the handler
     * @param family  whose rules to follow
     * @param limit   how long to wait for the handler's answer (positive)
     * @param waiter  how to wait
     */
    public ShutdownDaemon(ShutdownHandler handler, ShutdownFamily family, Duration limit, HandlerWaiter waiter) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.family = Objects.requireNonNull(family, "family");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("handler limit: " + limit + " (expected: > 0)");
        }
    }

    /** @return the family */
    public ShutdownFamily family() {
        return family;
    }

    /**
     * Decides the answer; the payload is echoed unchanged (ic §1.2 answer in place).
     *
     * @throws MalformedShutdownMessageException if the payload is too short or has reserved flag bits
     */
    @Override
    public int answer(IcHeader header, ByteBuffer answerPayload) {
        ShutdownMessage message = ShutdownMessageCodec.decode(answerPayload);
        ShutdownAction action = ShutdownAction.fromFlags(message.flags()).orElse(null);
        if (action == null || !family.accepts(action, handler)) {
            return IcStatus.E_FAIL;
        }
        if (family.asksHandler() && !handlerAgrees(action)) {
            return IcStatus.E_FAIL;
        }
        return IcStatus.S_OK;
    }

    private boolean handlerAgrees(ShutdownAction action) {
        CompletableFuture<Boolean> answer;
        try {
            answer = handler.canPerform(action).toCompletableFuture();
        } catch (RuntimeException e) {
            return false; // a handler that cannot even be asked is a refusal, like an absent hvshutdownd
        }
        try {
            if (!waiter.await(answer, limit)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return answer.isDone() && !answer.isCompletedExceptionally() && Boolean.TRUE.equals(answer.getNow(false));
    }

    /** Tells the handler to perform the accepted action with the request's FORCE bit (ic §3, §11.2). */
    @Override
    public void onRequest(IcServiceRequest request) {
        ShutdownMessage message = ShutdownMessageCodec.decode(request.payload());
        ShutdownAction.fromFlags(message.flags()).ifPresent(a -> handler.perform(a, message.forced()));
    }

    @Override
    public String toString() {
        return "ShutdownDaemon[" + family + ", limit=" + limit + "]";
    }
}
