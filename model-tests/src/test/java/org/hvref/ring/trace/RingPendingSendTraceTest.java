package org.hvref.ring.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.ring.WriteStatus;
import org.hvref.spec.trace.TraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/**
 * pending_send_sz larger than the waiting write (OpenVMM's hysteresis): the writer's re-check is for its own packet
 * (spec WriterRecheck tests {@code wlen}), so a packet that fits proceeds even though less than pending_send_sz is free.
 */
class RingPendingSendTraceTest {
    @Test
    void shouldProceedWhenTheWaitingPacketFitsThoughPendingAsksForMore() {
        RingLayout ring = RingLayout.contiguous(GuestMemory.heap(2), 0, 64);
        ring.initialize(true);
        RecordingTracer tracer = new RecordingTracer();
        RingWriter writer = new RingWriter(ring, tracer);
        RingReader reader = new RingReader(ring, tracer);
        org.hvref.ring.RingDoorbell readerBell = new org.hvref.ring.RingDoorbell();

        assertEquals(WriteStatus.WRITTEN_SIGNAL, writer.tryWrite(6, 0, 1, new byte[8], 0, 8)); // 32 bytes
        assertEquals(WriteStatus.WRITTEN, writer.tryWrite(6, 0, 2, new byte[0], 0, 0));        // 24: 8 free
        assertEquals(WriteStatus.FULL, writer.tryWrite(6, 0, 3, new byte[8], 0, 8));           // needs 32
        readerBell.raise();
        reader.beginRead(readerBell);
        reader.readBatch(1, p -> { });                                                          // 40 free
        assertTrue(writer.requestSpace(48), "the 32-byte packet fits in 40 free bytes");
        assertEquals(WriteStatus.WRITTEN, writer.tryWrite(6, 0, 3, new byte[8], 0, 8));

        List<Map<String, Object>> trace = tracer.events().stream().map(TraceEvent::toRecord).toList();
        assertTrue(trace.stream().anyMatch(e -> e.get("e").equals("WriterSetPending") && e.get("pend").equals(48)),
                trace.toString());
        TraceVerdict verdict = new TraceValidator(RingTraceChecker.runner(), RingTraceChecker.specFiles())
                .validate(List.of(trace), List.of(64), List.of(true));
        assertTrue(verdict.accepted(), verdict.toString());
    }
}
