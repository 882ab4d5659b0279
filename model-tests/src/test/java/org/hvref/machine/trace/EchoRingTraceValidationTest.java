package org.hvref.machine.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.hvref.channel.device.EchoDevice;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.WindowsHost;
import org.hvref.machine.BootReport;
import org.hvref.machine.ChannelRingTraces;
import org.hvref.machine.GuestDevices;
import org.hvref.machine.ReferenceGuest;
import org.hvref.machine.ReferenceMachine;
import org.hvref.ring.model.RingSpecModel;
import org.hvref.ring.trace.RingTraceChecker;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/**
 * The ring traces of echo channels in whole machine runs ({@link ReferenceMachine#traceRings}, both rings of the
 * reference guest's first echo channel, both sides' ring steps) are behaviours of {@code ring/VmbusRing.tla}: boots
 * against pre-Win8, Win8 and current hosts under several seeds in deterministic mode and in concurrent mode, with
 * default and with small rings (so writers fill them and sleep), all checked in one batched TLC run of
 * {@code ring/TraceVmbusRing.tla}.
 */
class EchoRingTraceValidationTest {
    private static final UUID INSTANCE = UUID.fromString("68767265-6600-6563-686f-0000000000c1");
    private static final UUID INSTANCE_2 = UUID.fromString("68767265-6600-6563-686f-0000000000c2");
    private static final List<WindowsHost> HOSTS = List.of(WindowsHost.WINDOWS_SERVER_2008, WindowsHost.WINDOWS_7,
            WindowsHost.WINDOWS_8, WindowsHost.WINDOWS_SERVER_2022, WindowsHost.COPPER);

    private static int addEcho(ReferenceMachine m, UUID instance) {
        return m.await(m.addDevice(HostChannelConfig.of(EchoDevice.CLASS_ID, instance), new EchoDevice(m.memory())));
    }

    /** Boots the reference guest with two echo channels, the first one's rings traced; returns both ring traces. */
    private static List<RingTraceChecker.Trace> run(ReferenceMachine m, String name, int packets, int ringPages) {
        addEcho(m, INSTANCE);
        addEcho(m, INSTANCE_2);
        BootReport r = new ReferenceGuest(m, packets, ringPages).traceRingsOfFirstEchoChannel().run();
        assertEquals(1, r.ringTraces().size(), name);
        ChannelRingTraces t = r.ringTraces().get(0);
        int dataSize = GuestDevices.ringDataSize(ringPages);
        return List.of(trace(name + " g2h", dataSize, t.guestToHost()),
                trace(name + " h2g", dataSize, t.hostToGuest()));
    }

    private static RingTraceChecker.Trace trace(String name, int dataSize, RecordingTracer tracer) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (TraceEvent e : tracer.events()) {
            events.add(e.toRecord());
        }
        assertTrue(!events.isEmpty(), name + ": no ring events");
        return new RingTraceChecker.Trace(name, dataSize, ChannelRingTraces.FEAT_PENDING_SEND, events);
    }

    @Test
    void shouldHaveEveryEchoRingTraceAcceptedByTlcInDeterministicAndConcurrentMode() {
        List<RingTraceChecker.Trace> traces = new ArrayList<>();
        for (WindowsHost host : HOSTS) {
            for (long seed : new long[] {1, 2, 3}) {
                for (int ringPages : new int[] {8, 4}) {
                    try (ReferenceMachine m = ReferenceMachine.builder().host(host).deterministic(seed).build()) {
                        traces.addAll(run(m, host + " seed " + seed + " pages " + ringPages, 40, ringPages));
                    }
                }
            }
        }
        int deterministic = traces.size();
        for (WindowsHost host : List.of(WindowsHost.WINDOWS_SERVER_2008, WindowsHost.WINDOWS_SERVER_2022,
                WindowsHost.COPPER)) {
            for (int ringPages : new int[] {8, 4}) {
                for (int i = 0; i < 2; i++) {
                    try (ReferenceMachine m = ReferenceMachine.builder().host(host).concurrent().build()) {
                        traces.addAll(run(m, host + " concurrent #" + i + " pages " + ringPages, 60, ringPages));
                    }
                }
            }
        }

        Map<String, Long> actions = new TreeMap<>();
        long events = 0;
        for (RingTraceChecker.Trace t : traces) {
            events += t.events().size();
            for (Map<String, Object> e : t.events()) {
                actions.merge((String) e.get(TraceEvent.ACTION_KEY), 1L, Long::sum);
            }
            // the Java transcription of TraceVmbusRing: a quick second opinion naming the first bad event
            assertEquals(-1, new RingSpecModel(RingSpecModel.Config.good(t.dataSize(), Set.of(), Integer.MAX_VALUE,
                    t.feat())).replayAll(t.events()), t.name() + ": replay on RingSpecModel");
        }
        assertTrue(actions.keySet().containsAll(List.of("WriterCopy", "WriterPublish", "WriterReadMask",
                "WriterDecideSignal", "ReaderWake", "ReaderRead", "ReaderCommit", "ReaderReadPending",
                "ReaderDecidePendingSignal", "ReaderUnmask", "ReaderRecheck")), actions::toString);

        TraceVerdict v = RingTraceChecker.validate(traces);
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message() + " in "
                + traces.get(((TraceVerdict.Rejected) v).traceIndex()).name());
        TraceVerdict.Accepted a = (TraceVerdict.Accepted) v;
        assertEquals(traces.size(), a.traces());
        assertEquals(events, a.events());
        System.out.println("[echo ring traces] " + a.traces() + " traces (" + deterministic + " deterministic, "
                + (traces.size() - deterministic) + " concurrent), " + a.events() + " events accepted by TLC in "
                + a.tlcRuns() + " run(s); events per action: " + actions);
    }
}
