package org.hvref.channel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/** The device's open answer racing a rescind on another thread (hazards.md #5, L-RES-1; OVMM #1100). */
class VmbusServerConcurrentTest {

    @Test
    void shouldNeverSendAnOpenResultAfterTheRescindWhateverTheInterleaving() throws Exception {
        int rescindFirst = 0;
        int answerFirst = 0;
        for (int round = 0; round < 300; round++) {
            ScriptedGuest g = new ScriptedGuest(WindowsHost.WINDOWS_SERVER_2022);
            TestDevice d = new TestDevice();
            d.openAnswer = new CompletableFuture<>();
            g.server.addChannel(HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE), d);
            g.connect(ProtocolVersion.WIN10_V5_3);
            g.requestOffers();
            g.createGpadl(1, 5, 20, 8);
            g.post(ScriptedGuest.open(1, 5, 4, 0));
            CyclicBarrier start = new CyclicBarrier(2);
            Thread device = new Thread(() -> {
                await(start);
                d.openAnswer.complete(0);
            });
            device.start();
            await(start);
            g.server.rescind(1);
            device.join();
            List<ChannelMessage> out = new ArrayList<>();
            for (byte[] b : g.inbox) {
                out.add(ChannelMessageCodec.decode(b, b.length, g.version));
            }
            int rescind = out.indexOf(new RescindChannelOffer(1));
            int result = out.indexOf(new OpenChannelResult(1, 1, 0));
            assertTrue(rescind >= 0, "rescind sent");
            assertTrue(result < 0 || result < rescind, () -> "OPEN_RESULT after RESCIND: " + out);
            List<String> events = g.tracer.events().stream().map(TraceEvent::action).toList();
            assertEquals(result >= 0, events.contains("HostSendOpenResult"), "event iff message");
            if (result >= 0) {
                answerFirst++;
                assertTrue(events.indexOf("HostSendOpenResult") < events.indexOf("HostSendRescind"));
                assertEquals(1, d.closes, "an open device is closed by the rescind");
            } else {
                rescindFirst++;
                assertEquals(1, d.closes, "a late successful open is undone");
            }
        }
        System.out.println("open vs rescind: rescind first " + rescindFirst + ", answer first " + answerFirst);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
