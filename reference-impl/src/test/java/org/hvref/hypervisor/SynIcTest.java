package org.hvref.hypervisor;

import static org.hvref.hypervisor.TestPartition.SINT;
import static org.hvref.hypervisor.TestPartition.payload;
import static org.hvref.hypervisor.TestPartition.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SynIcTest {
    private final DeterministicScheduler scheduler = DeterministicScheduler.seeded(1);

    /** Guest handler that consumes one message per interrupt and records the sequence numbers. */
    private static SintHandler takeOne(SynIc synic, List<Integer> received) {
        return (vp, sint) -> synic.takeMessage(sint).ifPresent(m -> received.add(seq(m.payload())));
    }

    @Test
    void shouldDeliverManyQueuedMessagesInOrderThroughPendingFlagAndEom() {
        TestPartition p = new TestPartition(scheduler, HypervisorConfig.defaults().withSintQueueCapacity(500));
        List<Integer> received = new ArrayList<>();
        p.synic.enableSint(SINT, takeOne(p.synic, received));
        int n = 400;
        for (int i = 0; i < n; i++) {
            assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, SINT, 1, payload(i, 4 + i % 237)));
        }
        assertEquals(n - 1, p.synic.queuedMessages(SINT));
        assertTrue(p.slotPendingFlag(SINT), "msg_pending set while messages wait");
        assertEquals(List.of("guest: vp 0 sint 2 interrupt"), scheduler.pending(Side.GUEST), "interrupts coalesce");
        scheduler.runUntilIdle();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(expected, received);
        assertEquals(0, p.slotType(SINT));
        assertEquals(0, p.synic.queuedMessages(SINT));
    }

    @Test
    void shouldCopyHeaderAndPayloadIntoTheSlotByteExactly() {
        TestPartition p = new TestPartition(scheduler);
        byte[] body = payload(7, 240);
        assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, SINT, 1, body));
        long slot = p.slot(SINT);
        assertEquals(0x1200, slot, "SINT 2's slot is at page offset 0x200 (vmbus-core.md §1.1)");
        assertEquals(1, p.memory.getInt(slot));                     // offset 0: message_type
        assertEquals((byte) 240, p.memory.getByte(slot + 4));       // offset 4: payload_size
        assertEquals(0, p.memory.getByte(slot + 5));                // offset 5: message_flags, msg_pending clear
        assertEquals(0, p.memory.getShort(slot + 6));               // offset 6: reserved
        byte[] inSlot = new byte[240];
        p.memory.read(slot + 16, inSlot, 0, 240);                   // offset 16: payload
        assertArrayEquals(body, inSlot);
        assertEquals(0, p.memory.getInt(p.slot(3)), "other slots untouched");
    }

    @Test
    void shouldSetPendingFlagOnlyWhileAMessageWaitsBehindTheSlot() {
        TestPartition p = new TestPartition(scheduler);
        p.hv.postToGuest(0, SINT, 1, payload(0, 8));
        assertFalse(p.slotPendingFlag(SINT));
        p.hv.postToGuest(0, SINT, 1, payload(1, 8));
        assertTrue(p.slotPendingFlag(SINT));
        SynicMessage first = p.synic.readMessage(SINT).orElseThrow();
        assertTrue(first.messagePending());
        assertTrue(p.synic.completeMessage(SINT, first), "slot freed, EOM delivers the next one");
        SynicMessage second = p.synic.readMessage(SINT).orElseThrow();
        assertEquals(1, seq(second.payload()));
        assertFalse(second.messagePending(), "nothing waits behind the second message");
    }

    @Test
    void shouldKeepTheNextMessageQueuedUntilEndOfMessage() {
        TestPartition p = new TestPartition(scheduler);
        p.hv.postToGuest(0, SINT, 1, payload(0, 8));
        p.hv.postToGuest(0, SINT, 1, payload(1, 8));
        // a guest that frees the slot but forgets EOM: the hypervisor does not notice the free slot by itself
        p.memory.putIntVolatile(p.slot(SINT), 0);
        assertEquals(1, p.synic.queuedMessages(SINT));
        assertEquals(Optional.empty(), p.synic.readMessage(SINT));
        p.synic.endOfMessage();
        assertEquals(0, p.synic.queuedMessages(SINT));
        assertEquals(1, seq(p.synic.readMessage(SINT).orElseThrow().payload()));
    }

    @Test
    void shouldRefillASlotFreedConcurrentlyWhenTheNextMessageIsQueued() {
        TestPartition p = new TestPartition(scheduler);
        p.hv.postToGuest(0, SINT, 1, payload(0, 8));
        p.hv.postToGuest(0, SINT, 1, payload(1, 8));
        p.memory.putIntVolatile(p.slot(SINT), 0); // freed, EOM not yet written
        assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, SINT, 1, payload(2, 8)));
        assertEquals(1, seq(p.synic.takeMessage(SINT).orElseThrow().payload()), "FIFO kept");
        assertEquals(2, seq(p.synic.takeMessage(SINT).orElseThrow().payload()));
        assertEquals(Optional.empty(), p.synic.takeMessage(SINT));
    }

    @Test
    void shouldReleaseTheQueueOnlyForEomOnTheVpWhoseSlotIsPending() {
        TestPartition p = new TestPartition(scheduler);
        p.hv.postToGuest(0, SINT, 1, payload(0, 8));
        p.hv.postToGuest(0, SINT, 1, payload(1, 8));
        p.memory.putIntVolatile(p.slot(SINT), 0);
        p.hv.synic(1).endOfMessage(); // EOM written on the wrong CPU (hazards.md M15): VP 0's slot stays empty
        assertEquals(1, p.synic.queuedMessages(SINT));
        assertEquals(Optional.empty(), p.synic.readMessage(SINT));
        p.synic.endOfMessage();
        assertEquals(1, seq(p.synic.readMessage(SINT).orElseThrow().payload()));
    }

    @Test
    void shouldLabelHostDeliveriesWithThePortsLabeler() {
        TestPartition p = new TestPartition(scheduler);
        p.hv.registerMessagePort(1, (conn, type, body) -> { }, body -> "host: msgtype " + body[0]);
        p.hv.postMessage(1, 1, new byte[] {14, 0, 0, 0});
        assertEquals(List.of("host: msgtype 14"), scheduler.pending(Side.HOST));
    }

    @Test
    void shouldNotCompleteASlotThatNoLongerHoldsTheObservedMessage() {
        TestPartition p = new TestPartition(scheduler);
        p.hv.postToGuest(0, SINT, 5, payload(0, 8));
        SynicMessage m = p.synic.readMessage(SINT).orElseThrow();
        assertTrue(p.synic.completeMessage(SINT, m));
        assertFalse(p.synic.completeMessage(SINT, m), "second completion finds the slot empty");
    }

    @Test
    void shouldQueueMessagesToAMaskedSintAndInterruptWhenEnabled() {
        TestPartition p = new TestPartition(scheduler);
        assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, SINT, 1, payload(0, 8)));
        assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, SINT, 1, payload(1, 8)));
        assertEquals(List.of(), scheduler.pending(Side.GUEST), "masked SINT: no interrupt");
        List<Integer> received = new ArrayList<>();
        p.synic.enableSint(SINT, takeOne(p.synic, received));
        assertEquals(1, scheduler.pending(Side.GUEST).size());
        scheduler.runUntilIdle();
        assertEquals(List.of(0, 1), received);
        p.synic.disableSint(SINT);
        p.hv.postToGuest(0, SINT, 1, payload(2, 8));
        assertTrue(scheduler.idle(), "masked again");
        assertFalse(p.synic.sintEnabled(SINT));
    }

    @Test
    void shouldRefusePostsToAVpWhoseMessagePageIsDisabledAndKeepQueuedOnes() {
        TestPartition p = new TestPartition(scheduler);
        p.hv.postToGuest(0, SINT, 1, payload(0, 8));
        p.hv.postToGuest(0, SINT, 1, payload(1, 8));
        p.synic.disableMessagePage();
        assertEquals(HvStatus.INVALID_VP_STATE, p.hv.postToGuest(0, SINT, 1, payload(2, 8)));
        assertEquals(1, p.synic.queuedMessages(SINT));
        assertThrows(IllegalStateException.class, () -> p.synic.readMessage(SINT));
        p.memory.putInt(p.slot(SINT), 0);
        p.synic.setMessagePage(TestPartition.SIMP0);
        assertEquals(1, seq(p.synic.readMessage(SINT).orElseThrow().payload()), "queued message delivered");
    }

    @Test
    void shouldValidateHostPosts() {
        TestPartition p = new TestPartition(scheduler);
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.postToGuest(0, SINT, 1, new byte[241]));
        assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, SINT, 1, new byte[240]));
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.postToGuest(0, SINT, 0, new byte[8]));
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.postToGuest(0, 16, 1, new byte[8]));
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.postToGuest(0, -1, 1, new byte[8]));
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.postToGuest(0, SINT, 1, null));
        assertEquals(HvStatus.INVALID_VP_INDEX, p.hv.postToGuest(2, SINT, 1, new byte[8]));
        assertEquals(HvStatus.INVALID_VP_INDEX, p.hv.postToGuest(-1, SINT, 1, new byte[8]));
        assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(1, SINT, 1, payload(9, 8)));
        assertEquals(9, seq(p.hv.synic(1).takeMessage(SINT).orElseThrow().payload()), "VP 1 has its own page");
    }

    @Test
    void shouldValidateGuestPostsAsTheFactSheetSays() {
        TestPartition p = new TestPartition(scheduler);
        List<byte[]> got = new ArrayList<>();
        p.hv.registerMessagePort(ConnectionIds.MESSAGE, (conn, type, payload) -> got.add(payload));
        p.hv.registerEventPort(0x2005, () -> { });
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.postMessage(1, 1, new byte[241]));
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.postMessage(1, 0, new byte[8]));
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.postMessage(1, 0x8000_0010, new byte[8]));
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.postMessage(1, 1, null));
        assertEquals(HvStatus.INVALID_CONNECTION_ID, p.hv.postMessage(ConnectionIds.MESSAGE_MULTICLIENT, 1,
                new byte[8]), "an old host does not know connection id 4");
        assertEquals(HvStatus.INVALID_CONNECTION_ID, p.hv.postMessage(0x0100_0001, 1, new byte[8]),
                "reserved bits 24-31 set");
        assertEquals(HvStatus.INVALID_CONNECTION_ID, p.hv.postMessage(0x2005, 1, new byte[8]), "an event port");
        assertTrue(scheduler.idle(), "refused posts deliver nothing");
        assertEquals(HvStatus.SUCCESS, p.hv.postMessage(1, 1, new byte[240]));
        assertEquals(HvStatus.SUCCESS, p.hv.postMessage(1, 0x7FFF_FFFF, new byte[0]));
        scheduler.runUntilIdle();
        assertEquals(2, got.size());
    }

    @Test
    void shouldDeliverGuestPostsToTheHostPortAsCopiesInOrder() {
        TestPartition p = new TestPartition(scheduler);
        List<String> got = new ArrayList<>();
        p.hv.registerMessagePort(4, (conn, type, payload) -> got.add(conn + ":" + type + ":" + seq(payload)));
        byte[] buffer = payload(1, 16);
        p.hv.postMessage(4, 1, buffer);
        buffer[0] = 99; // the guest reuses its buffer at once
        p.hv.postMessage(4, 3, payload(2, 16));
        assertEquals(List.of("host: port 4 message type 1", "host: port 4 message type 3"), scheduler.pending(Side.HOST));
        scheduler.runUntilIdle();
        assertEquals(List.of("4:1:1", "4:3:2"), got);
    }

    @Test
    void shouldBoundTheSintQueueWithInsufficientBuffers() {
        TestPartition p = new TestPartition(scheduler, HypervisorConfig.defaults().withSintQueueCapacity(4));
        for (int i = 0; i < 5; i++) {
            assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, SINT, 1, payload(i, 8)), "slot + 4 queued");
        }
        assertEquals(HvStatus.INSUFFICIENT_BUFFERS, p.hv.postToGuest(0, SINT, 1, payload(5, 8)));
        assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, 3, 1, payload(6, 8)), "other SINTs unaffected");
        assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(1, SINT, 1, payload(7, 8)), "other VPs unaffected");
        assertEquals(0, seq(p.synic.takeMessage(SINT).orElseThrow().payload()));
        assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, SINT, 1, payload(5, 8)), "room again");
        List<Integer> rest = new ArrayList<>();
        for (Optional<SynicMessage> m = p.synic.takeMessage(SINT); m.isPresent(); m = p.synic.takeMessage(SINT)) {
            rest.add(seq(m.get().payload()));
        }
        assertEquals(List.of(1, 2, 3, 4, 5), rest);
    }

    @Test
    void shouldBoundTheHostPortQueueWithInsufficientBuffers() {
        TestPartition p = new TestPartition(scheduler, HypervisorConfig.defaults().withPortQueueCapacity(3));
        List<Integer> got = new ArrayList<>();
        p.hv.registerMessagePort(1, (conn, type, payload) -> got.add(seq(payload)));
        for (int i = 0; i < 3; i++) {
            assertEquals(HvStatus.SUCCESS, p.hv.postMessage(1, 1, payload(i, 8)));
        }
        assertEquals(HvStatus.INSUFFICIENT_BUFFERS, p.hv.postMessage(1, 1, payload(3, 8)));
        assertTrue(scheduler.step(Side.HOST));
        assertEquals(HvStatus.SUCCESS, p.hv.postMessage(1, 1, payload(3, 8)));
        scheduler.runUntilIdle();
        assertEquals(List.of(0, 1, 2, 3), got);
    }

    @Test
    void shouldDropUndeliveredMessagesOfAnUnregisteredPort() {
        TestPartition p = new TestPartition(scheduler);
        List<Integer> got = new ArrayList<>();
        p.hv.registerMessagePort(1, (conn, type, payload) -> got.add(seq(payload)));
        p.hv.postMessage(1, 1, payload(0, 8));
        assertTrue(p.hv.unregisterPort(1));
        assertFalse(p.hv.unregisterPort(1));
        scheduler.runUntilIdle();
        assertEquals(List.of(), got);
        assertEquals(HvStatus.INVALID_CONNECTION_ID, p.hv.postMessage(1, 1, payload(1, 8)));
        p.hv.registerMessagePort(1, (conn, type, payload) -> got.add(-seq(payload)));
        assertEquals(HvStatus.SUCCESS, p.hv.postMessage(1, 1, payload(2, 8)));
        scheduler.runUntilIdle();
        assertEquals(List.of(-2), got);
        assertThrows(IllegalStateException.class, () -> p.hv.registerEventPort(1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> p.hv.registerEventPort(0x0100_0000, () -> { }));
    }

    @Test
    void shouldSetAndTestAndClearEventFlagsByteExactly() {
        TestPartition p = new TestPartition(scheduler);
        assertTrue(p.hv.signalGuest(0, SINT, 5));
        assertFalse(p.hv.signalGuest(0, SINT, 5), "already set");
        assertEquals(0x20, p.memory.getByte(TestPartition.SIEFP0 + 0x200), "flag 5 of SINT 2 = bit 5 at 0x200");
        assertTrue(p.synic.eventFlag(SINT, 5));
        assertTrue(p.synic.testAndClearEventFlag(SINT, 5));
        assertFalse(p.synic.testAndClearEventFlag(SINT, 5));
        for (int flag : new int[] {2047, 0, 31, 32, 1000}) {
            p.hv.signalGuest(0, SINT, flag);
        }
        assertEquals((byte) 0x80, p.memory.getByte(TestPartition.SIEFP0 + 0x200 + 255), "flag 2047 = last bit");
        assertArrayEquals(new int[] {0, 31, 32, 1000, 2047}, p.synic.takeEventFlags(SINT));
        assertArrayEquals(new int[0], p.synic.takeEventFlags(SINT));
        assertEquals(0, p.memory.getLong(TestPartition.SIEFP0 + 0x200));
    }

    @Test
    void shouldAssertTheSintOnceForSeveralFlagsAndDropSignalsWithoutAFlagsPage() {
        TestPartition p = new TestPartition(scheduler);
        List<Integer> flags = new ArrayList<>();
        p.synic.enableSint(SINT, (vp, sint) -> {
            for (int f : p.synic.takeEventFlags(sint)) {
                flags.add(f);
            }
        });
        p.hv.signalGuest(0, SINT, 7);
        p.hv.signalGuest(0, SINT, 9);
        p.hv.signalGuest(0, SINT, 7);
        assertEquals(1, scheduler.pending(Side.GUEST).size());
        scheduler.runUntilIdle();
        assertEquals(List.of(7, 9), flags);
        p.synic.disableEventFlagsPage();
        assertFalse(p.hv.signalGuest(0, SINT, 7));
        assertTrue(scheduler.idle());
    }

    @Test
    void shouldRejectBadSintsFlagsVpsAndPages() {
        TestPartition p = new TestPartition(scheduler);
        assertEquals(HypervisorError.BAD_EVENT_FLAG,
                assertThrows(HypervisorException.class, () -> p.hv.signalGuest(0, SINT, 2048)).reason());
        assertEquals(HypervisorError.BAD_SINT,
                assertThrows(HypervisorException.class, () -> p.hv.signalGuest(0, 16, 1)).reason());
        HypervisorException vp = assertThrows(HypervisorException.class, () -> p.hv.signalGuest(0xFFFF_FFFF, SINT, 1));
        assertEquals(HypervisorError.BAD_VP_INDEX, vp.reason());
        assertEquals("vp index: -1 (expected: 0..1)", vp.getMessage());
        HypervisorException gpa = assertThrows(HypervisorException.class, () -> p.synic.setMessagePage(0x1001));
        assertEquals(HypervisorError.BAD_PAGE_GPA, gpa.reason());
        assertEquals("simp gpa: 0x1001 (expected: 4 KiB aligned)", gpa.getMessage());
        assertEquals(HypervisorError.BAD_PAGE_GPA, assertThrows(HypervisorException.class,
                () -> p.synic.setEventFlagsPage(16 * 4096)).reason());
        assertEquals(HypervisorError.BAD_SINT,
                assertThrows(HypervisorException.class, () -> p.synic.enableSint(-1, (v, s) -> { })).reason());
    }

    @Test
    void shouldRejectACorruptPayloadSizeInTheSlot() {
        TestPartition p = new TestPartition(scheduler);
        p.memory.putByte(p.slot(SINT) + 4, (byte) 241);
        p.memory.putInt(p.slot(SINT), 1);
        HypervisorException e = assertThrows(HypervisorException.class, () -> p.synic.readMessage(SINT));
        assertEquals(HypervisorError.BAD_MESSAGE_SIZE, e.reason());
        assertEquals("message slot payload_size: 241 (expected: <= 240)", e.getMessage());
    }

    @Test
    void shouldCoalesceGuestSignalsOfAnEventPort() {
        TestPartition p = new TestPartition(scheduler);
        int[] signals = new int[1];
        p.hv.registerEventPort(0x2005, () -> signals[0]++);
        assertEquals(HvStatus.SUCCESS, p.hv.signalEvent(0x2005, 0));
        assertEquals(HvStatus.SUCCESS, p.hv.signalEvent(0x2005, 0));
        assertEquals(List.of("host: port 8197 event"), scheduler.pending(Side.HOST));
        scheduler.runUntilIdle();
        assertEquals(1, signals[0]);
        p.hv.signalEvent(0x2005, 0);
        scheduler.runUntilIdle();
        assertEquals(2, signals[0]);
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.signalEvent(0x2005, 1));
        assertEquals(HvStatus.INVALID_CONNECTION_ID, p.hv.signalEvent(0x2006, 0));
        p.hv.registerMessagePort(1, (c, t, b) -> { });
        assertEquals(HvStatus.INVALID_CONNECTION_ID, p.hv.signalEvent(1, 0), "a message port");
    }

    @Test
    void shouldSignalTheAssignedEventPortOnceForAMonitorTrigger() {
        TestPartition p = new TestPartition(scheduler);
        int[] signals = new int[2];
        p.hv.registerEventPort(0x2005, () -> signals[0]++);
        p.hv.registerEventPort(0x2006, () -> signals[1]++);
        p.hv.setMonitorPages(TestPartition.MONITOR_P2C, TestPartition.MONITOR_C2P);
        p.hv.assignMonitor(37, 0x2005);
        p.hv.assignMonitor(0, 0x2006);
        MonitorPage c2p = p.hv.childToParentMonitor().orElseThrow();
        assertEquals(0x2005, p.memory.getInt(TestPartition.MONITOR_C2P + 0x440 + 37 * 8), "parameter[1][5]");
        assertEquals(0x2005, c2p.connectionId(37));
        assertEquals(0, c2p.flagNumber(37));
        assertEquals(0b11, c2p.triggerState(), "groups 0 and 1 enabled");
        p.hv.monitorTrigger(37);
        p.hv.monitorTrigger(37);
        assertEquals(1 << 5, p.memory.getInt(TestPartition.MONITOR_C2P + 0x10), "group 1 pending bit 5");
        assertEquals(List.of("hypervisor: monitor scan"), scheduler.pending(Side.HOST));
        scheduler.runUntilIdle();
        assertEquals(1, signals[0]);
        assertEquals(0, signals[1]);
        assertEquals(0, c2p.pending(1), "pending bits taken");
        // a guest may just set the bit; a polling scan finds it
        c2p.setPending(0);
        c2p.setPending(100); // unassigned: dropped
        assertEquals(1, p.hv.scanMonitor());
        scheduler.runUntilIdle();
        assertEquals(1, signals[1]);
        p.hv.releaseMonitor(37);
        p.hv.monitorTrigger(37);
        scheduler.runUntilIdle();
        assertEquals(1, signals[0], "released monitor signals nothing");
    }

    @Test
    void shouldValidateMonitorPages() {
        TestPartition p = new TestPartition(scheduler);
        assertEquals(HypervisorError.MONITOR_PAGES_MISMATCH, assertThrows(HypervisorException.class,
                () -> p.hv.setMonitorPages(TestPartition.MONITOR_P2C, 0)).reason());
        assertEquals(HypervisorError.BAD_PAGE_GPA, assertThrows(HypervisorException.class,
                () -> p.hv.setMonitorPages(0x3008, TestPartition.MONITOR_C2P)).reason());
        assertThrows(IllegalStateException.class, () -> p.hv.monitorTrigger(1));
        p.hv.setMonitorPages(TestPartition.MONITOR_P2C, TestPartition.MONITOR_C2P);
        assertEquals(HypervisorError.BAD_MONITOR_ID,
                assertThrows(HypervisorException.class, () -> p.hv.monitorTrigger(128)).reason());
        assertEquals(HypervisorError.BAD_MONITOR_ID,
                assertThrows(HypervisorException.class, () -> p.hv.assignMonitor(-1, 1)).reason());
        MonitorPage p2c = p.hv.parentToChildMonitor().orElseThrow();
        p2c.setLatency(127, 0xFFFF);
        assertEquals(0xFFFF, p2c.latency(127));
        assertEquals((short) 0xFFFF, p.memory.getShort(TestPartition.MONITOR_P2C + 0x240 + 254));
        p.hv.setMonitorPages(0, 0);
        assertTrue(p.hv.childToParentMonitor().isEmpty());
    }

    @Test
    void shouldMatchTheFactSheetLayouts() {
        assertEquals(256, HvMessageDescriptor.MESSAGE_SIZE);
        assertEquals(16, HvMessageDescriptor.PAYLOAD_OFFSET);
        assertEquals(240, HvMessageDescriptor.MAX_PAYLOAD_SIZE);
        assertEquals(HvMessageDescriptor.MESSAGE_SIZE,
                HvMessageDescriptor.PAYLOAD_OFFSET + HvMessageDescriptor.MAX_PAYLOAD_SIZE);
        assertEquals(8, HvMessageDescriptor.PORT_ID_OFFSET);
        assertEquals(0x200, SynIcDescriptor.messageSlot(0, 2));
        assertEquals(0x200 + 8, SynIcDescriptor.eventFlagWord(0, 2, 64));
        assertEquals(0x08, MonitorPageDescriptor.pendingOffset(0));
        assertEquals(0x20, MonitorPageDescriptor.pendingOffset(3));
        assertEquals(0x24, MonitorPageDescriptor.armedOffset(3));
        assertEquals(0x240 - 4, MonitorPageDescriptor.nextCheckTimeOffset(127));
        assertEquals(0x340 - 2, MonitorPageDescriptor.latencyOffset(127));
        assertEquals(0x840 - 8, MonitorPageDescriptor.parameterOffset(127));
        assertEquals(0x840 + 1984, MonitorPageDescriptor.PAGE_SIZE);
        assertEquals(0x12, HvStatus.INVALID_CONNECTION_ID.code());
        assertEquals(0x13, HvStatus.INSUFFICIENT_BUFFERS.code());
        assertEquals(HvStatus.INSUFFICIENT_MEMORY, HvStatus.fromCode(0x0B));
        assertEquals("INVALID_PARAMETER(0x0005)", HvStatus.INVALID_PARAMETER.toString());
        assertThrows(IllegalArgumentException.class, () -> HvStatus.fromCode(0x33));
    }
}
