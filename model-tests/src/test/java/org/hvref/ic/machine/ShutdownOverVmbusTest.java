package org.hvref.ic.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hvref.ic.IcActions;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.shutdown.HandlerWaiter;
import org.hvref.ic.shutdown.ShutdownAction;
import org.hvref.ic.shutdown.ShutdownDaemon;
import org.hvref.ic.shutdown.ShutdownFamily;
import org.hvref.ic.shutdown.ShutdownHandler;
import org.hvref.ic.shutdown.ShutdownHostService;
import org.hvref.ic.shutdown.ShutdownResult;
import org.hvref.machine.IcServicePair;
import org.hvref.spec.SpecFiles;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Shutdown over real util channels of a {@link org.hvref.machine.ReferenceMachine}, deterministic (several seeds) and
 * concurrent, for every guest family: power off, restart, forced and hibernate follow each family's table (ic §3), the
 * handler acts only after the guest's answer is on its way to the host, a MacHyperVSupport handler that never answers
 * within the limit makes the answer E_FAIL (injected waiter: no real 15 s wait), a second request while one is in
 * flight is not sent (ALREADY_IN_PROGRESS), and a rescind while the daemon waits for its handler ends the request
 * with ChannelLost. All runs' IcNegotiation and VmbusChannel traces are validated by TLC at the end.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class ShutdownOverVmbusTest {
    private static SpecFiles files;
    private static final IcMachineRun.Traces TRACES = new IcMachineRun.Traces();
    private static int requests;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** A handler that agrees (or not) and records what it was told, with the channel's state at that moment. */
    static class Handler implements ShutdownHandler {
        final boolean agrees;
        final boolean hibernates;
        final List<String> performed = new ArrayList<>();
        final List<ShutdownAction> asked = new ArrayList<>();
        IcServicePair pair;
        int violations;

        Handler(boolean agrees, boolean hibernates) {
            this.agrees = agrees;
            this.hibernates = hibernates;
        }

        @Override
        public synchronized CompletionStage<Boolean> canPerform(ShutdownAction action) {
            asked.add(action);
            return CompletableFuture.completedFuture(agrees);
        }

        @Override
        public synchronized void perform(ShutdownAction action, boolean force) {
            // the answer must already be sent: the last GuestRcvRequest (ok) precedes this call, one per action
            List<TraceEvent> ic = pair.icEvents();
            long okAnswers = ic.stream().filter(e -> e.action().equals(IcActions.GUEST_RCV_REQUEST)
                    && Boolean.TRUE.equals(e.fields().get("ok"))).count();
            if (okAnswers != performed.size() + 1 || pair.guestChannel().answered() < okAnswers) {
                violations++;
            }
            performed.add(action + (force ? "!" : ""));
        }

        @Override
        public boolean supportsHibernate() {
            return hibernates;
        }
    }

    private static ShutdownFamily family(IcVersionPolicy p) {
        return ShutdownFamily.valueOf(p.name());
    }

    private static ShutdownResult request(IcMachineRun run, ShutdownHostService hs, ShutdownAction a, boolean force) {
        requests++;
        CompletableFuture<ShutdownResult> r = run.m.await(run.m.onHost("test: " + a, () -> switch (a) {
            case SHUT_DOWN -> hs.requestShutdown(false, force);
            case RESTART -> hs.requestShutdown(true, force);
            case HIBERNATE -> hs.requestHibernate(force);
        }));
        ShutdownResult result = run.m.await(r);
        run.m.settle();
        return result;
    }

    /** Which actions each family accepts (ic §3 table), written out independently of ShutdownFamily. */
    private static boolean accepted(IcVersionPolicy family, ShutdownAction a, Handler h) {
        return switch (family) {
            case LINUX -> a != ShutdownAction.HIBERNATE || h.hibernates;
            case FREEBSD -> a == ShutdownAction.SHUT_DOWN;
            case MAC_HYPERV_SUPPORT -> a != ShutdownAction.HIBERNATE && h.agrees;
        };
    }

    private static void familyTable(IcMachineRun run, IcVersionPolicy family, Handler h) {
        ShutdownHostService hs = new ShutdownHostService();
        IcServicePair p = run.negotiated(hs, family, new ShutdownDaemon(h, family(family), Duration.ofSeconds(15),
                HandlerWaiter.BLOCKING));
        h.pair = p;
        List<String> expected = new ArrayList<>();
        for (ShutdownAction a : ShutdownAction.values()) {
            for (boolean force : new boolean[] {false, true}) {
                ShutdownResult r = request(run, hs, a, force);
                if (accepted(family, a, h)) {
                    assertInstanceOf(ShutdownResult.Accepted.class, r, family + " " + a);
                    expected.add(a + (force ? "!" : ""));
                } else {
                    assertEquals(new ShutdownResult.Refused(IcStatus.E_FAIL), r, family + " " + a);
                }
            }
        }
        assertEquals(expected, h.performed, "the handler acts exactly on the accepted requests, with FORCE");
        assertEquals(0, h.violations, "the handler acted only after the answer was sent");
        if (family == IcVersionPolicy.MAC_HYPERV_SUPPORT) {
            assertEquals(List.of(ShutdownAction.SHUT_DOWN, ShutdownAction.SHUT_DOWN, ShutdownAction.RESTART,
                    ShutdownAction.RESTART), h.asked, "MHV asks its handler, hibernate is refused before");
        } else {
            assertEquals(List.of(), h.asked, family + " does not ask");
        }
        assertEquals(0, p.guestChannel().protocolErrors().size());
    }

    private static void everyFamily(IcMachineRun run) {
        for (IcVersionPolicy family : IcVersionPolicy.values()) {
            familyTable(run, family, new Handler(true, false));
        }
        familyTable(run, IcVersionPolicy.LINUX, new Handler(true, true)); // hibernation supported
        familyTable(run, IcVersionPolicy.MAC_HYPERV_SUPPORT, new Handler(false, false)); // hvshutdownd says no
    }

    @Test
    void shouldFollowEveryFamilysTableUnderSeveralSeeds() {
        for (long seed : new long[] {1, 2, 3}) {
            try (IcMachineRun run = IcMachineRun.deterministic(seed, TRACES)) {
                everyFamily(run);
            }
        }
    }

    @Test
    void shouldFollowEveryFamilysTableConcurrently() {
        try (IcMachineRun run = IcMachineRun.concurrent(TRACES)) {
            everyFamily(run);
        }
    }

    /** A handler that never answers. */
    static final class Silent extends Handler {
        Silent() {
            super(true, false);
        }

        @Override
        public synchronized CompletionStage<Boolean> canPerform(ShutdownAction action) {
            asked.add(action);
            return new CompletableFuture<>();
        }
    }

    @Test
    void shouldRefuseWhenTheHandlerDoesNotAnswerWithinTheLimit() {
        for (boolean concurrent : new boolean[] {false, true}) {
            try (IcMachineRun run = concurrent ? IcMachineRun.concurrent(TRACES)
                    : IcMachineRun.deterministic(5, TRACES)) {
                List<Duration> waited = new ArrayList<>();
                HandlerWaiter waiter = (answer, limit) -> {
                    synchronized (waited) {
                        waited.add(limit);
                    }
                    return answer.isDone(); // the limit passed: what BLOCKING returns after 15 s
                };
                Silent h = new Silent();
                ShutdownHostService hs = new ShutdownHostService();
                IcServicePair p = run.negotiated(hs, IcVersionPolicy.MAC_HYPERV_SUPPORT,
                        new ShutdownDaemon(h, ShutdownFamily.MAC_HYPERV_SUPPORT, ShutdownDaemon.MHV_HANDLER_LIMIT,
                                waiter));
                h.pair = p;
                assertEquals(new ShutdownResult.Refused(IcStatus.E_FAIL),
                        request(run, hs, ShutdownAction.SHUT_DOWN, true));
                assertEquals(List.of(Duration.ofSeconds(15)), waited);
                assertEquals(List.of(), h.performed);
            }
        }
    }

    @Test
    void shouldNotSendASecondRequestWhileOneIsInFlight() {
        for (long seed : new long[] {7, 8}) {
            try (IcMachineRun run = IcMachineRun.deterministic(seed, TRACES)) {
                for (IcVersionPolicy family : IcVersionPolicy.values()) {
                    Handler h = new Handler(true, false);
                    ShutdownHostService hs = new ShutdownHostService();
                    h.pair = run.negotiated(hs, family, new ShutdownDaemon(h, family(family), Duration.ofSeconds(1),
                            HandlerWaiter.BLOCKING));
                    List<CompletableFuture<ShutdownResult>> two = run.m.await(run.m.onHost("test: two", () ->
                            List.of(hs.requestShutdown(false, false), hs.requestShutdown(true, false))));
                    requests += 2;
                    assertEquals(new ShutdownResult.NotSent(ShutdownResult.Reason.ALREADY_IN_PROGRESS),
                            two.get(1).join());
                    assertInstanceOf(ShutdownResult.Accepted.class, run.m.await(two.get(0)));
                    run.m.settle();
                    assertEquals(List.of("SHUT_DOWN"), h.performed);
                    assertEquals(1, h.pair.hostChannel().requestsSent());
                }
            }
        }
    }

    @Test
    void shouldLoseTheChannelWhenRescindedWhileTheDaemonWaits() throws InterruptedException {
        for (long seed : new long[] {11, 12, 13}) { // deterministic: the waiter itself triggers the rescind
            try (IcMachineRun run = IcMachineRun.deterministic(seed, TRACES)) {
                ShutdownHostService hs = new ShutdownHostService();
                IcServicePair[] pair = new IcServicePair[1];
                Silent h = new Silent();
                HandlerWaiter waiter = (answer, limit) -> {
                    run.m.rescind(pair[0].relid()); // queued on the host while the guest is still waiting
                    return false;
                };
                pair[0] = run.negotiated(hs, IcVersionPolicy.MAC_HYPERV_SUPPORT,
                        new ShutdownDaemon(h, ShutdownFamily.MAC_HYPERV_SUPPORT, Duration.ofSeconds(15), waiter));
                h.pair = pair[0];
                ShutdownResult r = request(run, hs, ShutdownAction.RESTART, false);
                assertInstanceOf(ShutdownResult.ChannelLost.class, r, r::toString);
                assertTrue(pair[0].lost().isDone());
                assertEquals(List.of(), h.performed);
                assertEquals(new ShutdownResult.NotSent(ShutdownResult.Reason.NOT_READY),
                        hs.requestShutdown(false, false).join());
            }
        }
        try (IcMachineRun run = IcMachineRun.concurrent(TRACES)) { // concurrent: the guest thread really blocks
            CountDownLatch waiting = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            HandlerWaiter waiter = (answer, limit) -> {
                waiting.countDown();
                return release.await(30, TimeUnit.SECONDS) && answer.isDone();
            };
            Silent h = new Silent();
            ShutdownHostService hs = new ShutdownHostService();
            IcServicePair p = run.negotiated(hs, IcVersionPolicy.MAC_HYPERV_SUPPORT,
                    new ShutdownDaemon(h, ShutdownFamily.MAC_HYPERV_SUPPORT, Duration.ofSeconds(15), waiter));
            h.pair = p;
            CompletableFuture<ShutdownResult> r = run.m.await(run.m.onHost("test: power off",
                    () -> hs.requestShutdown(false, true)));
            requests++;
            assertTrue(waiting.await(30, TimeUnit.SECONDS), "the daemon waits for its handler");
            run.m.await(p.rescind());
            assertInstanceOf(ShutdownResult.ChannelLost.class, run.m.await(r), "lost while the guest still waits");
            release.countDown();
            run.m.settle();
            assertEquals(List.of(), h.performed);
        }
    }

    @Test
    void zzShouldHaveEveryRunsTracesAcceptedByTlc() {
        if (TRACES.ic.isEmpty()) {
            shouldFollowEveryFamilysTableUnderSeveralSeeds();
            shouldFollowEveryFamilysTableConcurrently();
            shouldRefuseWhenTheHandlerDoesNotAnswerWithinTheLimit();
            shouldNotSendASecondRequestWhileOneIsInFlight();
            try {
                shouldLoseTheChannelWhenRescindedWhileTheDaemonWaits();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        TRACES.ic.forEach(t -> t.forEach(e -> counts.merge((String) e.get(TraceEvent.ACTION_KEY), 1L, Long::sum)));
        assertTrue(counts.getOrDefault(IcActions.GUEST_DELIVER_REQUEST, 0L) > 0, counts::toString);
        System.out.println("ShutdownOverVmbusTest: " + requests + " requests; " + TRACES.validate(files)
                + "; IcNegotiation actions " + counts);
    }
}
