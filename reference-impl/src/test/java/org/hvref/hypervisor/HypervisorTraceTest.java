package org.hvref.hypervisor;

import static org.hvref.hypervisor.TestPartition.SINT;
import static org.hvref.hypervisor.TestPartition.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

class HypervisorTraceTest {
    private final DeterministicScheduler scheduler = DeterministicScheduler.seeded(11);
    private final RecordingTracer tracer = new RecordingTracer();
    private final TestPartition p = new TestPartition(scheduler, HypervisorConfig.defaults().withTracer(tracer));

    @Test
    void shouldRecordAGuestPostBeforeTheHostCanSeeIt() {
        List<Integer> eventsSeenByHost = new ArrayList<>();
        p.hv.registerMessagePort(1, (conn, type, body) -> eventsSeenByHost.add(tracer.size()));
        assertEquals(HvStatus.SUCCESS, p.hv.postMessage(1, 1, payload(0, 12)));
        assertEquals(HvStatus.INVALID_CONNECTION_ID, p.hv.postMessage(9, 1, payload(1, 12)));
        scheduler.runUntilIdle();
        assertEquals(List.of(2), eventsSeenByHost);
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("conn", 1);
        ok.put("type", 1);
        ok.put("len", 12);
        ok.put("status", "SUCCESS");
        assertEquals(HypervisorEvents.HV_POST_MESSAGE, tracer.events().get(0).action());
        assertEquals(ok, tracer.events().get(0).fields());
        assertEquals("INVALID_CONNECTION_ID", tracer.events().get(1).fields().get("status"));
    }

    @Test
    void shouldRecordHostToGuestDeliveriesAndSignals() {
        p.hv.registerEventPort(0x2005, () -> { });
        p.hv.postToGuest(0, SINT, 1, payload(0, 8));
        p.hv.postToGuest(0, SINT, 1, new byte[241]);
        p.hv.signalGuest(0, SINT, 5);
        p.hv.signalEvent(0x2005, 0);
        List<String> actions = tracer.events().stream().map(TraceEvent::action).toList();
        assertEquals(List.of("HvPostToGuest", "HvPostToGuest", "HvSignalGuest", "HvSignalEvent"), actions);
        assertEquals("INVALID_PARAMETER", tracer.events().get(1).fields().get("status"));
        assertEquals(true, tracer.events().get(2).fields().get("newly"));
        assertEquals(0x2005, tracer.events().get(3).fields().get("conn"));
    }
}
