package org.hvref.ic.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hvref.channel.host.WindowsHost;
import org.hvref.ic.IcActions;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcService;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.machine.IcServicePair;
import org.hvref.machine.ReferenceMachine;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.ChannelTraceValidator;
import org.hvref.spec.trace.IcTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * One machine run of the IC-over-VMBus tests: a connected guest, the pairs the test adds, and on close every pair's
 * IcNegotiation trace and the machine's VmbusChannel trace handed to a {@link Traces} batch (validated by TLC once per
 * test class).
 */
final class IcMachineRun implements AutoCloseable {
    /** The eight IcNegotiation actions. */
    static final Set<String> IC_ACTIONS = Set.of(IcActions.HOST_SEND_NEGOTIATE, IcActions.GUEST_RCV_NEGOTIATE,
            IcActions.HOST_RCV_NEGOTIATE_RESPONSE, IcActions.HOST_NEGOTIATE_TIMEOUT, IcActions.HOST_SEND_REQUEST,
            IcActions.GUEST_RCV_REQUEST, IcActions.GUEST_DELIVER_REQUEST, IcActions.HOST_RCV_RESPONSE);

    /** The traces of a test class's machine runs, validated together. */
    static final class Traces {
        final List<List<Map<String, Object>>> ic = new ArrayList<>();
        final List<List<Map<String, Object>>> channel = new ArrayList<>();
        long events;

        synchronized void add(List<List<Map<String, Object>>> icTraces, List<Map<String, Object>> channelTrace) {
            ic.addAll(icTraces);
            channel.add(channelTrace);
            events += channelTrace.size() + icTraces.stream().mapToLong(List::size).sum();
        }

        /** @return the IcNegotiation actions the runs so far performed */
        synchronized Set<String> icActionsSeen() {
            Set<String> seen = new TreeSet<>();
            ic.forEach(t -> t.forEach(e -> seen.add((String) e.get(TraceEvent.ACTION_KEY))));
            return seen;
        }

        /** Validates every IcNegotiation trace in one TLC batch and every channel trace in another; both accepted. */
        synchronized String validate(SpecFiles files) {
            TraceVerdict icVerdict = new IcTraceValidator(TlcRunner.usingClasspath(), files).validate(ic);
            TraceVerdict.Accepted icOk = assertInstanceOf(TraceVerdict.Accepted.class, icVerdict,
                    icVerdict::toString);
            assertEquals(ic.size(), icOk.traces());
            TraceVerdict ch = new ChannelTraceValidator(TlcRunner.usingClasspath(), files).validate(channel);
            assertInstanceOf(TraceVerdict.Accepted.class, ch, ch::toString);
            return ic.size() + " IcNegotiation traces (" + icOk + "), " + channel.size() + " VmbusChannel traces ("
                    + ch + "), " + events + " events";
        }
    }

    final ReferenceMachine m;
    final List<IcServicePair> pairs = new ArrayList<>();
    private final Traces sink;

    IcMachineRun(ReferenceMachine machine, Traces sink) {
        this.m = machine;
        this.sink = sink;
        m.await(m.client().connect());
        m.await(m.client().requestOffers());
    }

    /** @return a run on a deterministic machine */
    static IcMachineRun deterministic(long seed, Traces sink) {
        return new IcMachineRun(ReferenceMachine.builder().host(WindowsHost.WINDOWS_SERVER_2022).deterministic(seed)
                .build(), sink);
    }

    /** @return a run on a concurrent machine */
    static IcMachineRun concurrent(Traces sink) {
        return new IcMachineRun(ReferenceMachine.builder().host(WindowsHost.COPPER).concurrent().build(), sink);
    }

    IcServicePair add(IcHostService host, IcVersionPolicy family, IcRequestConsumer daemon) {
        IcServicePair p = m.await(m.addIcService(host, family, daemon));
        pairs.add(p);
        return p;
    }

    IcServicePair add(IcHostService host, List<IcVersion> messages, IcVersionPolicy family, IcRequestConsumer daemon) {
        IcServicePair p = m.await(m.addIcService(host, IcService.HOST_FRAMEWORK_VERSIONS, messages,
                family, daemon));
        pairs.add(p);
        return p;
    }

    /** Adds a pair and waits for its negotiation. */
    IcServicePair negotiated(IcHostService host, IcVersionPolicy family, IcRequestConsumer daemon) {
        IcServicePair p = add(host, family, daemon);
        m.await(p.negotiated());
        return p;
    }

    @Override
    public void close() {
        try {
            m.settle();
            List<List<Map<String, Object>>> ic = new ArrayList<>();
            for (IcServicePair p : pairs) {
                ic.add(p.icTrace());
            }
            sink.add(ic, ((RecordingTracer) m.tracer()).events().stream().map(TraceEvent::toRecord).toList());
        } finally {
            m.close();
        }
    }
}
