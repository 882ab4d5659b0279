package org.hvref.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Deterministic tests of {@link RingSendLoop} and {@link RingDrainLoop}: one thread plays both sides. */
class RingLoopsTest {
    private static final byte[] PAYLOAD = TestRings.payload(40, 1); // 16 + 40 + 8 = 64 ring bytes

    /** Counts the send loop's decision points. */
    static final class Counting implements RingSendLoop.Listener {
        int full;
        int sleeps;
        int wakes;

        @Override
        public void onFull() {
            full++;
        }

        @Override
        public void onSleep() {
            sleeps++;
        }

        @Override
        public void onWake() {
            wakes++;
        }
    }

    private static RingSendLoop.Write packet(long seq) {
        return w -> w.tryWrite(6, 0, seq, PAYLOAD, 0, PAYLOAD.length);
    }

    @Test
    void shouldSleepWhenFullAndWriteAfterTheReaderFreedTheSpace() {
        RingLayout layout = TestRings.ring(256, true);
        RingDoorbell readerBell = new RingDoorbell();
        RingDoorbell writerBell = new RingDoorbell();
        Counting counting = new Counting();
        RingSendLoop sender = new RingSendLoop(new RingWriter(layout), readerBell::raise, counting);
        RingDrainLoop drainer = new RingDrainLoop(new RingReader(layout), writerBell::raise);
        int ringLength = PacketDescriptor.ringLength(PAYLOAD.length);
        for (int seq = 1; seq <= 3; seq++) {
            assertTrue(sender.attempt(packet(seq), ringLength));
        }
        assertEquals(1, readerBell.raiseCount(), "only the empty -> non-empty write signals");
        assertFalse(sender.attempt(packet(4), ringLength), "64 bytes free, 64 needed: one slot stays free");
        assertEquals(RingWriter.State.SLEEPING, sender.writer().state());
        assertEquals(ringLength, layout.pendingSendSizeAcquire());
        assertThrows(IllegalStateException.class, () -> sender.attempt(packet(4), ringLength));
        assertFalse(sender.resume(writerBell), "no signal yet");

        List<Long> read = new ArrayList<>();
        assertEquals(3, drainer.drain(readerBell, 2, p -> read.add(p.transactionId())));
        assertEquals(List.of(1L, 2L, 3L), read);
        assertEquals(1, writerBell.raiseCount(), "the batch that freed the space asked for signals the writer");
        assertEquals(0, drainer.drain(readerBell, 2, p -> read.add(p.transactionId())), "signal consumed");

        assertTrue(sender.resume(writerBell));
        assertTrue(sender.attempt(packet(4), ringLength));
        assertEquals(List.of(1, 1, 1), List.of(counting.full, counting.sleeps, counting.wakes));
        assertEquals(List.of(1L, 1L, 1L), List.of(sender.fullCount(), sender.sleeps(), sender.wakes()));
        assertEquals(List.of(1L, 2L, 3L), List.of(drainer.wakes(), drainer.batches(), drainer.packets()));
    }

    @Test
    void shouldLeaveTheWriterFullForRetryWithoutTheFeatureBit() {
        RingLayout layout = TestRings.ring(256, false);
        RingDoorbell readerBell = new RingDoorbell();
        RingSendLoop sender = new RingSendLoop(new RingWriter(layout), readerBell::raise);
        RingDrainLoop drainer = new RingDrainLoop(new RingReader(layout), () -> {
            throw new AssertionError("without the feature bit the reader never signals the writer");
        });
        int ringLength = PacketDescriptor.ringLength(PAYLOAD.length);
        for (int seq = 1; seq <= 3; seq++) {
            assertTrue(sender.attempt(packet(seq), ringLength));
        }
        assertFalse(sender.attempt(packet(4), ringLength));
        assertEquals(RingWriter.State.FULL, sender.writer().state());
        assertTrue(sender.resume(new RingDoorbell()), "a FULL writer may always retry");
        assertEquals(3, drainer.drain(readerBell, 8, p -> { }));
        assertTrue(sender.attempt(packet(4), ringLength));
        assertEquals(0, sender.sleeps());
    }

    @Test
    void shouldFailInsteadOfHangingWhenNoSignalComes() {
        RingLayout layout = TestRings.ring(256, true);
        RingSendLoop sender = new RingSendLoop(new RingWriter(layout), () -> { });
        int ringLength = PacketDescriptor.ringLength(PAYLOAD.length);
        for (int seq = 1; seq <= 3; seq++) {
            assertTrue(sender.attempt(packet(seq), ringLength));
        }
        TimeoutException e = assertThrows(TimeoutException.class,
            () -> sender.send(packet(4), ringLength, new RingDoorbell(), Duration.ofMillis(1)));
        assertTrue(e.getMessage().startsWith("ring writer: not woken within"), e.getMessage());
        RingDrainLoop drainer = new RingDrainLoop(new RingReader(layout), () -> { });
        assertThrows(TimeoutException.class, () -> drainer.awaitAndDrain(new RingDoorbell(), Duration.ofMillis(1),
            () -> 1, p -> { }, b -> { }));
        assertThrows(IllegalArgumentException.class, () -> drainer.drain(new RingDoorbell(), 0, p -> { }));
    }
}
