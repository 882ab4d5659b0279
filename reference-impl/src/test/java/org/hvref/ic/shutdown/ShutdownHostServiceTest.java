package org.hvref.ic.shutdown;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceHarness;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.junit.jupiter.api.Test;

/** The host shutdown service alone and against the guest daemon (devices-ic-input-video.md §3, §1.7). */
class ShutdownHostServiceTest {
    private final List<String> log = new ArrayList<>();
    private final RecordingShutdownHandler handler = new RecordingShutdownHandler(log);

    private static IcHeader answer(int status) {
        return new IcHeader(IcVersion.V3_0, IcMessageType.SHUTDOWN, IcVersion.V3_2, 2060, status, 0, 5);
    }

    @Test
    void nothingShouldBeSentBeforeNegotiation() {
        ShutdownHostService s = new ShutdownHostService();
        assertEquals(new ShutdownResult.NotSent(ShutdownResult.Reason.NOT_READY),
                s.requestShutdown(false, false).join());
        assertEquals(new ShutdownResult.NotSent(ShutdownResult.Reason.NOT_READY), s.requestHibernate(false).join());
        assertEquals(Optional.empty(), s.nextRequest());
        assertFalse(s.inProgress());
        assertEquals(IcService.SHUTDOWN, s.service());
    }

    @Test
    void aRequestShouldCarryTheHostValuesAndAwakenTheChannel() {
        ShutdownHostService s = new ShutdownHostService();
        int[] wakeups = {0};
        s.bind(() -> wakeups[0]++);
        s.onNegotiated(IcVersion.V3_0, IcVersion.V3_2);
        CompletableFuture<ShutdownResult> r = s.requestShutdown(true, false);
        assertEquals(1, wakeups[0]);
        byte[] payload = s.nextRequest().orElseThrow();
        assertArrayEquals(ShutdownMessageCodec.encode(new ShutdownMessage(0x80000000, 0, ShutdownFlags.RESTART,
                new byte[2048])), payload);
        assertEquals(Optional.empty(), s.nextRequest(), "sent once");
        assertFalse(r.isDone());
        s.onResponse(answer(IcStatus.S_OK), payload);
        assertEquals(new ShutdownResult.Accepted(), r.join());
        assertFalse(s.inProgress());
    }

    @Test
    void aSecondRequestWhileOneIsQueuedOrInFlightShouldFailFast() {
        ShutdownHostService s = new ShutdownHostService();
        s.onNegotiated(IcVersion.V3_0, IcVersion.V3_2);
        CompletableFuture<ShutdownResult> first = s.requestShutdown(false, true);
        ShutdownResult.NotSent busy = new ShutdownResult.NotSent(ShutdownResult.Reason.ALREADY_IN_PROGRESS);
        assertEquals(busy, s.requestShutdown(false, false).join(), "queued");
        byte[] payload = s.nextRequest().orElseThrow();
        assertEquals(ShutdownFlags.FORCE, ShutdownMessageCodec.decode(payload).flags());
        assertEquals(busy, s.requestHibernate(true).join(), "in flight");
        s.onResponse(answer(IcStatus.E_FAIL), payload);
        assertEquals(new ShutdownResult.Refused(IcStatus.E_FAIL), first.join());
        assertEquals("Refused[E_FAIL(0x80004005)]", first.join().toString());
        CompletableFuture<ShutdownResult> third = s.requestHibernate(true);
        assertEquals(ShutdownFlags.HIBERNATE | ShutdownFlags.FORCE,
                ShutdownMessageCodec.decode(s.nextRequest().orElseThrow()).flags());
        assertFalse(third.isDone());
    }

    @Test
    void losingTheChannelShouldEndTheWaitingRequestAndMakeTheServiceNotReady() {
        ShutdownHostService s = new ShutdownHostService();
        s.onNegotiated(IcVersion.V3_0, IcVersion.V3_2);
        CompletableFuture<ShutdownResult> r = s.requestShutdown(false, false);
        s.onChannelLost("rescinded");
        assertEquals(new ShutdownResult.ChannelLost("rescinded"), r.join());
        assertEquals(Optional.empty(), s.nextRequest());
        assertEquals(new ShutdownResult.NotSent(ShutdownResult.Reason.NOT_READY),
                s.requestShutdown(false, false).join());
        s.onResponse(answer(IcStatus.S_OK), new byte[0]); // a stray answer changes nothing
        assertFalse(s.inProgress());
    }

    @Test
    void aMacGuestShouldAcceptARestartEndToEnd() {
        ShutdownHostService s = new ShutdownHostService();
        IcServiceHarness h = IcServiceHarness.of(s, IcVersionPolicy.MAC_HYPERV_SUPPORT,
                new ShutdownDaemon(handler, ShutdownFamily.MAC_HYPERV_SUPPORT, Duration.ofSeconds(15),
                        new VirtualTimeWaiter()), log);
        assertEquals(new IcHostResult.Negotiated(IcVersion.V3_0, IcVersion.V3_2), h.negotiate());
        assertEquals(new ShutdownResult.Accepted(), s.requestShutdown(true, true).join());
        assertEquals(List.of("ask RESTART", "answer", "perform RESTART force"), log);
    }

    @Test
    void familiesShouldAnswerHibernateAndRestartDifferentlyEndToEnd() {
        record Case(ShutdownFamily family, IcVersionPolicy policy, boolean hibernateSupport, boolean hibernate,
                    boolean restart) {
        }
        for (Case c : List.of(
                new Case(ShutdownFamily.MAC_HYPERV_SUPPORT, IcVersionPolicy.MAC_HYPERV_SUPPORT, true, false, true),
                new Case(ShutdownFamily.LINUX, IcVersionPolicy.LINUX, false, false, true),
                new Case(ShutdownFamily.LINUX, IcVersionPolicy.LINUX, true, true, true),
                new Case(ShutdownFamily.FREEBSD, IcVersionPolicy.FREEBSD, true, false, false))) {
            handler.hibernate = c.hibernateSupport();
            ShutdownHostService s = new ShutdownHostService();
            IcServiceHarness h = IcServiceHarness.of(s, c.policy(), new ShutdownDaemon(handler, c.family(),
                    Duration.ofSeconds(15), new VirtualTimeWaiter()), log);
            assertInstanceOf(IcHostResult.Negotiated.class, h.negotiate());
            ShutdownResult hib = s.requestHibernate(false).join();
            assertEquals(c.hibernate() ? new ShutdownResult.Accepted() : new ShutdownResult.Refused(IcStatus.E_FAIL),
                    hib, c.toString());
            ShutdownResult restart = s.requestShutdown(true, false).join();
            assertEquals(c.restart() ? new ShutdownResult.Accepted() : new ShutdownResult.Refused(IcStatus.E_FAIL),
                    restart, c.toString());
            assertEquals(new ShutdownResult.Accepted(), s.requestShutdown(false, false).join(), c.toString());
        }
    }

    @Test
    void aFailedNegotiationShouldLeaveTheServiceNotReady() {
        ShutdownHostService s = new ShutdownHostService();
        IcServiceHarness h = new IcServiceHarness(new org.hvref.ic.IcHostNegotiator(IcService.SHUTDOWN,
                List.of(IcVersion.V3_0), List.of(new IcVersion(9, 9)), org.hvref.trace.SpecTracer.OFF), s,
                new org.hvref.ic.IcServiceClient(IcService.SHUTDOWN, org.hvref.ic.IcGuestVersions.of(
                        IcVersionPolicy.LINUX, IcService.SHUTDOWN), new ShutdownDaemon(handler),
                        org.hvref.trace.SpecTracer.OFF), log);
        assertInstanceOf(IcHostResult.NegotiationFailed.class, h.negotiate());
        assertEquals(new ShutdownResult.NotSent(ShutdownResult.Reason.NOT_READY),
                s.requestShutdown(false, false).join());
        assertTrue(log.isEmpty());
    }
}
