package org.hvref.ic.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceRequest;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.heartbeat.HeartbeatHostService;
import org.hvref.ic.heartbeat.HeartbeatResponder;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.vmbus.IcOffers;
import org.hvref.machine.IcServicePair;
import org.hvref.machine.ReferenceMachine;
import org.junit.jupiter.api.Test;

/**
 * {@link ReferenceMachine#addIcService} carries any host provider / guest daemon pair: a scripted shutdown-type and a
 * file-copy-type provider next to a heartbeat on one machine; the guest sees message-mode pipe offers (flags 0x11,
 * pipe_mode 4) and opens each with its family's ring size; requests reach the daemon after their answers.
 */
class IcServicePairTest {
    /** A provider that sends a fixed list of payloads. */
    static final class Scripted implements IcHostService {
        final IcService service;
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        final List<Integer> statuses = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        Runnable ready = () -> { };

        Scripted(IcService service, int requests) {
            this.service = service;
            for (int i = 0; i < requests; i++) {
                queue.add(new byte[] {(byte) i, 1, 2, 3});
            }
        }

        @Override
        public IcService service() {
            return service;
        }

        @Override
        public void bind(Runnable requestReady) {
            ready = requestReady;
        }

        @Override
        public synchronized Optional<byte[]> nextRequest() {
            return Optional.ofNullable(queue.poll());
        }

        @Override
        public synchronized void onResponse(IcHeader header, byte[] payload) {
            statuses.add(header.status());
        }

        @Override
        public synchronized void onChannelLost(String why) {
            lost.add(why);
        }
    }

    @Test
    void shouldCarryAnyProviderAndDaemonPairOverMessageModePipes() {
        try (ReferenceMachine m = ReferenceMachine.builder().deterministic(23).build()) {
            m.await(m.client().connect());
            m.await(m.client().requestOffers());
            Scripted shutdown = new Scripted(IcService.SHUTDOWN, 3);
            List<IcServiceRequest> acted = new ArrayList<>();
            IcServicePair sd = m.await(m.addIcService(shutdown, IcVersionPolicy.LINUX, acted::add));
            Scripted fcopy = new Scripted(IcService.FCOPY, 2);
            IcServicePair fc = m.await(m.addIcService(fcopy, IcVersionPolicy.MAC_HYPERV_SUPPORT, null));
            HeartbeatHostService hb = new HeartbeatHostService();
            IcServicePair hbPair = m.await(m.addIcService(hb, IcVersionPolicy.FREEBSD, new HeartbeatResponder()));
            m.await(hbPair.negotiated());
            m.await(m.onHost("tick", hb::tick));
            m.settle();

            assertEquals(List.of(IcStatus.S_OK, IcStatus.S_OK, IcStatus.S_OK), shutdown.statuses);
            assertEquals(3, acted.size());
            assertArrayEquals(new byte[] {2, 1, 2, 3}, acted.get(2).payload());
            assertEquals(List.of(IcStatus.E_FAIL, IcStatus.E_FAIL), fcopy.statuses, "no daemon: E_FAIL (M11)");
            assertEquals(1, hb.rounds());

            assertEquals(IcOffers.ringPages(IcVersionPolicy.LINUX, IcService.SHUTDOWN), sd.channel().ringPages().length);
            assertEquals(18, fc.channel().ringPages().length, "MacHyperVSupport file copy: 8 data pages per ring");
            assertEquals(8, hbPair.channel().ringPages().length, "FreeBSD: 4 pages per ring");
            for (IcServicePair p : List.of(sd, fc, hbPair)) {
                OfferChannel offer = p.channel().opened().offer();
                assertEquals(IcOffers.IC_OFFER_FLAGS, offer.flags());
                assertEquals(4, offer.userDefined().toArray()[0], "pipe_mode MESSAGE");
                assertTrue(Arrays.equals(new byte[119], Arrays.copyOfRange(offer.userDefined().toArray(), 1, 120)));
                assertEquals(p.hostService().service().interfaceId(), offer.interfaceType());
            }
            m.await(sd.close());
            m.await(fc.rescind());
            m.settle();
            assertEquals(1, shutdown.lost.size());
            assertEquals(1, fcopy.lost.size());
            assertTrue(hb.negotiated() && !hb.isLost(), "the other channels keep working");
            m.await(m.onHost("tick", hb::tick));
            m.settle();
            assertEquals(2, hb.rounds());
        }
    }
}
