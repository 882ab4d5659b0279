package org.hvref.ic.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;

/**
 * The guest shutdown daemon at IC level: host negotiator → guest client → daemon (devices-ic-input-video.md §3, §11.2,
 * §13 "Shutdown hibernate"). Time is virtual ({@link VirtualTimeWaiter}); nothing sleeps.
 */
class ShutdownDaemonTest {
    private final List<String> log = new ArrayList<>();
    private final RecordingShutdownHandler handler = new RecordingShutdownHandler(log);
    private final VirtualTimeWaiter waiter = new VirtualTimeWaiter();

    private IcServiceClient negotiatedGuest(ShutdownFamily family) {
        ShutdownDaemon daemon = new ShutdownDaemon(handler, family, ShutdownDaemon.MHV_HANDLER_LIMIT, waiter);
        IcServiceClient guest = new IcServiceClient(IcService.SHUTDOWN,
                IcGuestVersions.of(IcVersionPolicy.LINUX, IcService.SHUTDOWN), daemon, SpecTracer.OFF);
        IcHostNegotiator host = new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF);
        byte[] req = host.negotiateRequest();
        byte[] answer = guest.onPacket(req, req.length).response().orElseThrow();
        assertInstanceOf(IcHostResult.Negotiated.class, host.onPacket(answer, answer.length));
        return guest;
    }

    private static byte[] request(byte[] payload) {
        return IcCodec.encode(IcHeader.hostRequest(IcMessageType.SHUTDOWN, IcVersion.V3_0, IcVersion.V3_2,
                payload.length), payload);
    }

    private static byte[] payloadWithFlags(int flags) {
        byte[] p = ShutdownMessageCodec.encode(ShutdownMessage.fromHost(ShutdownAction.SHUT_DOWN, false));
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(ShutdownDescriptor.FLAGS_OFFSET, flags);
        return p;
    }

    /** Sends one request; returns the status of the answer; the log gets "answer" when it is sent. */
    private int send(IcServiceClient guest, byte[] payload) {
        byte[] packet = request(payload);
        int[] status = {-1};
        guest.process(packet, packet.length, a -> {
            log.add("answer");
            status[0] = IcCodec.decodeHeader(a, a.length).status();
            assertEquals(packet.length, a.length, "answered in place, same length (ic §1.2)");
        });
        return status[0];
    }

    @Test
    void everyFlagValueShouldBeAnsweredAsEachFamilyDoes() {
        // ic §3 / §13: accepted flag values per family (Linux: hibernate only with support)
        Map<String, Set<Integer>> accepted = Map.of(
                "MAC_HYPERV_SUPPORT", Set.of(0, 1, 2, 3),
                "LINUX", Set.of(0, 1, 2, 3),
                "LINUX+hibernate", Set.of(0, 1, 2, 3, 4, 5),
                "FREEBSD", Set.of(0, 1));
        String[] actions = {"SHUT_DOWN", "SHUT_DOWN force", "RESTART", "RESTART force", "HIBERNATE",
            "HIBERNATE force"};
        for (String key : accepted.keySet()) {
            ShutdownFamily family = ShutdownFamily.valueOf(key.replace("+hibernate", ""));
            for (int flags = 0; flags < 8; flags++) {
                log.clear();
                handler.hibernate = key.endsWith("+hibernate");
                int status = send(negotiatedGuest(family), payloadWithFlags(flags));
                boolean ok = accepted.get(key).contains(flags);
                assertEquals(ok ? IcStatus.S_OK : IcStatus.E_FAIL, status, key + " flags " + flags);
                assertEquals(ok ? List.of("perform " + actions[flags]) : List.of(), handler.performed(),
                        key + " flags " + flags);
                boolean asked = log.stream().anyMatch(s -> s.startsWith("ask"));
                assertEquals(family == ShutdownFamily.MAC_HYPERV_SUPPORT && flags < 4, asked, key + " " + flags);
            }
        }
    }

    @Test
    void reservedFlagBitsShouldBeRefusedWithoutAskingOrActing() {
        for (ShutdownFamily family : ShutdownFamily.values()) {
            for (int flags : new int[] {8, 9, 0x10, 0x100, 0x80000000, 0xFFFFFFFF}) {
                log.clear();
                assertEquals(IcStatus.E_FAIL, send(negotiatedGuest(family), payloadWithFlags(flags)));
                assertEquals(List.of("answer"), log, family + " flags " + flags);
            }
        }
    }

    @Test
    void payloadsShorterThan2060BytesShouldBeRefused() {
        IcServiceClient guest = negotiatedGuest(ShutdownFamily.MAC_HYPERV_SUPPORT);
        for (int len : new int[] {0, 1, 12, 40, 2059}) {
            log.clear();
            assertEquals(IcStatus.E_FAIL, send(guest, Arrays.copyOf(payloadWithFlags(0), len)), "len " + len);
            assertEquals(List.of("answer"), log);
        }
        for (int len : new int[] {2060, 2061, 4000}) {
            log.clear();
            assertEquals(IcStatus.S_OK, send(guest, Arrays.copyOf(payloadWithFlags(0), len)), "len " + len);
            assertEquals(List.of("ask SHUT_DOWN", "answer", "perform SHUT_DOWN"), log);
        }
    }

    @Test
    void theAnswerShouldBeSentBeforeTheHandlerIsToldToAct() {
        assertEquals(IcStatus.S_OK, send(negotiatedGuest(ShutdownFamily.MAC_HYPERV_SUPPORT), payloadWithFlags(3)));
        assertEquals(List.of("ask RESTART", "answer", "perform RESTART force"), log);
    }

    @Test
    void aHandlerThatNeverAnswersShouldBeRefusedAfter15Seconds() {
        handler.immediate = null;
        assertEquals(IcStatus.E_FAIL, send(negotiatedGuest(ShutdownFamily.MAC_HYPERV_SUPPORT), payloadWithFlags(0)));
        assertEquals(List.of(Duration.ofSeconds(15)), waiter.limits);
        assertEquals(List.of("ask SHUT_DOWN", "answer"), log);
    }

    @Test
    void anAnswerExactlyAtTheLimitShouldCountAndOneNanosecondLaterShouldNot() {
        IcServiceClient guest = negotiatedGuest(ShutdownFamily.MAC_HYPERV_SUPPORT);
        handler.immediate = null;
        waiter.at(Duration.ofSeconds(15), () -> handler.asks.get(0).complete(true));
        assertEquals(IcStatus.S_OK, send(guest, payloadWithFlags(2)));
        assertEquals(List.of("perform RESTART"), handler.performed());

        log.clear();
        waiter.at(Duration.ofSeconds(15).plusNanos(1), () -> handler.asks.get(1).complete(true));
        assertEquals(IcStatus.E_FAIL, send(guest, payloadWithFlags(2)));
        assertEquals(List.of(), handler.performed());
        assertFalse(handler.asks.get(1).isDone(), "the late answer was never delivered within the wait");
    }

    @Test
    void aLateAnswerShouldNotLeakIntoTheNextRequest() {
        IcServiceClient guest = negotiatedGuest(ShutdownFamily.MAC_HYPERV_SUPPORT);
        handler.immediate = null;
        assertEquals(IcStatus.E_FAIL, send(guest, payloadWithFlags(0)));
        handler.asks.get(0).complete(true); // hvshutdownd wakes up after the kext gave up
        assertEquals(IcStatus.E_FAIL, send(guest, payloadWithFlags(0)), "the second ask is still unanswered");
        assertEquals(List.of(), handler.performed());
    }

    @Test
    void aHandlerThatSaysNoOrFailsShouldBeRefused() {
        IcServiceClient guest = negotiatedGuest(ShutdownFamily.MAC_HYPERV_SUPPORT);
        handler.immediate = false;
        assertEquals(IcStatus.E_FAIL, send(guest, payloadWithFlags(0)));
        handler.immediate = null;
        waiter.at(Duration.ofSeconds(1), () -> handler.asks.get(1).completeExceptionally(new IllegalStateException(
                "daemon crashed")));
        assertEquals(IcStatus.E_FAIL, send(guest, payloadWithFlags(0)));
        waiter.at(Duration.ofSeconds(1), () -> handler.asks.get(2).complete(null));
        assertEquals(IcStatus.E_FAIL, send(guest, payloadWithFlags(0)));
        assertEquals(List.of(), handler.performed());
    }

    @Test
    void aHandlerThatThrowsWhenAskedShouldBeRefused() {
        ShutdownHandler throwing = new ShutdownHandler() {
            @Override
            public java.util.concurrent.CompletionStage<Boolean> canPerform(ShutdownAction action) {
                throw new IllegalStateException("no daemon registered");
            }

            @Override
            public void perform(ShutdownAction action, boolean force) {
                log.add("perform");
            }
        };
        ShutdownDaemon daemon = new ShutdownDaemon(throwing, ShutdownFamily.MAC_HYPERV_SUPPORT, Duration.ofSeconds(15),
                waiter);
        ByteBuffer payload = ByteBuffer.wrap(payloadWithFlags(0));
        assertEquals(IcStatus.E_FAIL, daemon.answer(header(), payload));
        assertEquals(List.of(), log);
    }

    @Test
    void anInterruptedWaitShouldBeRefusedAndKeepTheInterrupt() {
        ShutdownDaemon daemon = new ShutdownDaemon(handler, ShutdownFamily.MAC_HYPERV_SUPPORT, Duration.ofSeconds(15),
                (answer, limit) -> {
                    throw new InterruptedException("stop");
                });
        try {
            assertEquals(IcStatus.E_FAIL, daemon.answer(header(), ByteBuffer.wrap(payloadWithFlags(0))));
            assertTrue(Thread.interrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theBlockingWaiterShouldReturnForDoneAnswersAndTimeOutOnOpenOnes() throws InterruptedException {
        assertTrue(HandlerWaiter.BLOCKING.await(CompletableFuture.completedFuture(true), Duration.ofSeconds(15)));
        assertTrue(HandlerWaiter.BLOCKING.await(CompletableFuture.failedFuture(new IllegalStateException()),
                Duration.ofSeconds(15)));
        assertFalse(HandlerWaiter.BLOCKING.await(new CompletableFuture<>(), Duration.ofNanos(1)));
    }

    @Test
    void theDefaultDaemonShouldBeMacHyperVSupportWithA15SecondLimit() {
        ShutdownDaemon d = new ShutdownDaemon(handler);
        assertEquals(ShutdownFamily.MAC_HYPERV_SUPPORT, d.family());
        assertEquals("ShutdownDaemon[MAC_HYPERV_SUPPORT, limit=PT15S]", d.toString());
        assertEquals(IcStatus.S_OK, d.answer(header(), ByteBuffer.wrap(payloadWithFlags(1))));
    }

    @Test
    void aRequestBeforeNegotiationShouldBeRefusedWithoutAsking() {
        ShutdownDaemon daemon = new ShutdownDaemon(handler, ShutdownFamily.MAC_HYPERV_SUPPORT, Duration.ofSeconds(15),
                waiter);
        IcServiceClient guest = new IcServiceClient(IcService.SHUTDOWN,
                IcGuestVersions.of(IcVersionPolicy.MAC_HYPERV_SUPPORT, IcService.SHUTDOWN), daemon, SpecTracer.OFF);
        assertEquals(IcStatus.E_FAIL, send(guest, payloadWithFlags(0)));
        assertEquals(List.of("answer"), log);
    }

    private static IcHeader header() {
        return IcHeader.hostRequest(IcMessageType.SHUTDOWN, IcVersion.V3_0, IcVersion.V3_2, 2060);
    }
}
