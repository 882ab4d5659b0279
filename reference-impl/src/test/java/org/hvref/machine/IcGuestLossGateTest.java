package org.hvref.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcServiceRequest;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.junit.jupiter.api.Test;

/** {@link IcGuestLossGate}: host first, then the daemon's notice; no request reaches the daemon after the loss. */
class IcGuestLossGateTest {
    private static final IcHeader HEADER = IcHeader.hostRequest(IcMessageType.FCOPY, IcVersion.V3_0, IcVersion.V1_1,
            4);

    /** A daemon that logs what reaches it. */
    private static final class Log implements IcRequestConsumer {
        final List<String> log = new ArrayList<>();

        @Override
        public int answer(IcHeader header, ByteBuffer answerPayload) {
            log.add("answer");
            return IcStatus.S_OK;
        }

        @Override
        public void onRequest(IcServiceRequest request) {
            log.add("act");
        }
    }

    @Test
    void shouldTellTheHostThenTheDaemonOnceAndKeepLaterRequestsFromTheDaemon() {
        Log daemon = new Log();
        List<Runnable> guestTasks = new ArrayList<>();
        IcGuestLossGate gate = new IcGuestLossGate(daemon, why -> daemon.log.add("lost: " + why));
        assertEquals(IcStatus.S_OK, gate.answer(HEADER, ByteBuffer.allocate(4)));
        gate.onRequest(new IcServiceRequest(HEADER, new byte[4]));

        gate.hostThenGuest(() -> daemon.log.add("host told"), "rescinded", guestTasks::add);
        assertTrue(gate.isLost());
        assertEquals(List.of("answer", "act", "host told"), daemon.log, "the daemon's notice is a guest task");
        assertEquals(IcStatus.E_FAIL, gate.answer(HEADER, ByteBuffer.allocate(4)), "in flight when the host left");
        gate.onRequest(new IcServiceRequest(HEADER, new byte[4]));
        guestTasks.forEach(Runnable::run);
        gate.hostThenGuest(() -> daemon.log.add("host told"), "closed", guestTasks::add);
        assertEquals(1, guestTasks.size(), "the daemon is told once");
        assertEquals(List.of("answer", "act", "host told", "lost: rescinded", "host told"), daemon.log);
    }
}
