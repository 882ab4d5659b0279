package org.hvref.channel.device;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.VmbusPacket;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Random interleavings of guest requests and posts, interrupt deliveries (also spurious ones), and host answers in
 * any order, over rings small enough to fill, run deterministically on one thread: afterwards every request got its
 * own answer, every post its echo once and in order, no protocol error was recorded, and at no step were more
 * requests in flight than the bound. Fixed seed ({@code -Dhvref.props.seed=N} to explore); QuickTheories prints it
 * with every falsification.
 */
class ChannelEndpointProperties {
    private static final long SEED = Long.getLong("hvref.props.seed", 0xDEA1E7L);
    private static final int[] DATA_SIZES = {256, 512, 1024};

    /** A host that answers requests only when told to, in any order, and echoes posts at once. */
    static final class DelayedHost implements ChannelPacketHandler {
        final List<VmbusPacket> unanswered = new ArrayList<>();

        @Override
        public void onPacket(ChannelEndpoint endpoint, VmbusPacket packet) {
            if (packet.completionRequested()) {
                unanswered.add(packet);
            } else {
                endpoint.send(new InBandPacket(0, packet.transactionId(), packet.payload()));
            }
        }

        void answer(ChannelEndpoint endpoint, int index) {
            VmbusPacket p = unanswered.remove(index);
            endpoint.complete(p.transactionId(), p.payload());
        }
    }

    static byte[] padded(byte[] b) {
        return Arrays.copyOf(b, (b.length + 7) / 8 * 8);
    }

    /** Runs one interleaving; throws AssertionError on any violation. */
    static void run(int dataSize, int maxOutstanding, List<Integer> ops) {
        Loopback l = new Loopback(dataSize);
        DelayedHost hostSide = new DelayedHost();
        ChannelEndpointTest.Recorder guestSide = new ChannelEndpointTest.Recorder();
        ChannelEndpoint host = l.host(hostSide);
        ChannelEndpoint guest = l.guest(guestSide, maxOutstanding);
        List<byte[]> requested = new ArrayList<>();
        List<CompletableFuture<CompletionPacket>> answers = new ArrayList<>();
        List<byte[]> posted = new ArrayList<>();
        for (int v : ops) {
            int arg = v / 6;
            switch (v % 6) {
                case 0:
                    requested.add(ChannelEndpointTest.bytes(requested.size(), arg % 100));
                    answers.add(guest.request(requested.get(requested.size() - 1)));
                    break;
                case 1:
                    posted.add(ChannelEndpointTest.bytes(1000 + posted.size(), arg % 100));
                    guest.send(new InBandPacket(0, posted.size() - 1, posted.get(posted.size() - 1)));
                    break;
                case 2:
                    if (l.hostIrq.take()) {
                        host.onInterrupt();
                    }
                    break;
                case 3:
                    if (l.guestIrq.take()) {
                        guest.onInterrupt();
                    }
                    break;
                case 4:
                    if (!hostSide.unanswered.isEmpty()) {
                        hostSide.answer(host, arg % hostSide.unanswered.size());
                    }
                    break;
                default:
                    (arg % 2 == 0 ? host : guest).onInterrupt(); // spurious: nobody signalled
                    break;
            }
            check(guest.outstandingRequests() <= maxOutstanding, "outstanding " + guest.outstandingRequests()
                + " > " + maxOutstanding);
        }
        do {
            l.runUntilQuiet(host, guest);
            while (!hostSide.unanswered.isEmpty()) {
                hostSide.answer(host, hostSide.unanswered.size() - 1);
            }
        } while (l.hostIrq.pending() || l.guestIrq.pending());
        for (int i = 0; i < requested.size(); i++) {
            check(answers.get(i).isDone(), "request " + i + " unanswered");
            check(Arrays.equals(padded(requested.get(i)), answers.get(i).join().payload()), "request " + i
                + " got another request's answer");
        }
        check(guestSide.packets.size() == posted.size(), "echoes " + guestSide.packets.size() + " of "
            + posted.size() + " posts");
        for (int i = 0; i < posted.size(); i++) {
            VmbusPacket echo = guestSide.packets.get(i);
            check(echo.transactionId() == i && Arrays.equals(padded(posted.get(i)), echo.payload()),
                "echo " + i + " is " + echo);
        }
        check(guest.protocolErrors() == 0 && host.protocolErrors() == 0, "protocol errors " + guestSide.errors
            + " " + host.recentProtocolErrors());
        check(!guest.isFailed() && !host.isFailed(), "failed: " + guest + " " + host);
        check(guest.queuedSends() == 0 && host.queuedSends() == 0 && guest.outstandingRequests() == 0
            && guest.waitingRequests() == 0, "left over: " + guest + " " + host);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    @Test
    void endpointsDeliverEveryAnswerAndEchoUnderAnyInterleaving() {
        System.out.println("endpointsDeliverEveryAnswerAndEchoUnderAnyInterleaving: seed " + SEED);
        QuickTheory.qt().withFixedSeed(SEED).withExamples(300).withShrinkCycles(500)
            .forAll(integers().between(0, DATA_SIZES.length - 1), integers().between(1, 4),
                lists().of(integers().between(0, 5999)).ofSizeBetween(0, 400))
            .checkAssert((size, max, ops) -> run(DATA_SIZES[size], max, ops));
    }
}
