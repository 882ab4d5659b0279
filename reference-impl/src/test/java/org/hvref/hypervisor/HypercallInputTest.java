package org.hvref.hypervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HypercallInputTest {
    private static final long INPUT = 0x7000;

    private final DeterministicScheduler scheduler = DeterministicScheduler.seeded(2);
    private final TestPartition p = new TestPartition(scheduler);
    private final List<String> got = new ArrayList<>();

    HypercallInputTest() {
        p.hv.registerMessagePort(4, (conn, type, body) -> got.add(conn + ":" + type + ":" + body.length + ":" + body[0]));
        p.hv.registerEventPort(0x2005, () -> got.add("event"));
    }

    @Test
    void shouldDecodeAGoldenPostMessageInputBlock() {
        byte[] block = {
            0x04, 0x00, 0x00, 0x00,             // offset 0: connection_id = 4
            0x00, 0x00, 0x00, 0x00,             // offset 4: reserved
            0x01, 0x00, 0x00, 0x00,             // offset 8: message_type = 1
            0x03, 0x00, 0x00, 0x00,             // offset 12: payload_size = 3
            0x0E, 0x00, 0x00,                   // offset 16: payload
        };
        p.memory.write(INPUT, block, 0, block.length);
        assertEquals(HvStatus.SUCCESS, p.hv.hvCallPostMessage(INPUT));
        scheduler.runUntilIdle();
        assertEquals(List.of("4:1:3:14"), got);
    }

    @Test
    void shouldWriteTheInputBlockTheHypervisorReads() {
        HypercallInputs.writePostMessageInput(p.memory, INPUT, 4, 1, new byte[] {9, 8, 7});
        byte[] head = new byte[20];
        p.memory.read(INPUT, head, 0, 20);
        assertArrayEquals(new byte[] {4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 9, 8, 7, 0}, head);
        assertEquals(HvStatus.SUCCESS, p.hv.hvCallPostMessage(INPUT));
        scheduler.runUntilIdle();
        assertEquals(List.of("4:1:3:9"), got);
    }

    @Test
    void shouldRefuseBadPostMessageInputBlocks() {
        HypercallInputs.writePostMessageInput(p.memory, INPUT, 4, 1, new byte[8]);
        assertEquals(HvStatus.INVALID_ALIGNMENT, p.hv.hvCallPostMessage(INPUT + 4));
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.hvCallPostMessage(16 * 4096 - 128), "block beyond memory");
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.hvCallPostMessage(-8));
        p.memory.putInt(INPUT + 12, 241);
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.hvCallPostMessage(INPUT), "payload_size 241");
        p.memory.putInt(INPUT + 12, -1);
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.hvCallPostMessage(INPUT), "payload_size 0xFFFFFFFF");
        p.memory.putInt(INPUT + 12, 8);
        p.memory.putInt(INPUT + 4, 1);
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.hvCallPostMessage(INPUT), "reserved not zero");
        p.memory.putInt(INPUT + 4, 0);
        p.memory.putInt(INPUT, 1);
        assertEquals(HvStatus.INVALID_CONNECTION_ID, p.hv.hvCallPostMessage(INPUT));
        assertEquals(List.of(), got);
        assertEquals(true, scheduler.idle());
    }

    @Test
    void shouldDecodeSignalEventInputsInMemoryAndInARegister() {
        byte[] block = {
            0x05, 0x20, 0x00, 0x00,             // offset 0: connection_id = 0x2005
            0x00, 0x00,                         // offset 4: flag_number = 0
            0x00, 0x00,                         // offset 6: reserved
        };
        p.memory.write(INPUT, block, 0, block.length);
        assertEquals(HvStatus.SUCCESS, p.hv.hvCallSignalEvent(INPUT));
        scheduler.runUntilIdle();
        assertEquals(0x2005L, HypercallInputDescriptor.fastSignalEventInput(0x2005, 0));
        assertEquals(0x0001_0000_2005L, HypercallInputDescriptor.fastSignalEventInput(0x2005, 1));
        assertEquals(HvStatus.SUCCESS, p.hv.hvCallSignalEventFast(0x2005L));
        scheduler.runUntilIdle();
        assertEquals(List.of("event", "event"), got);
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.hvCallSignalEventFast(0x0001_0000_2005L), "flag 1");
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.hvCallSignalEventFast(0x0001_0000_0000_2005L), "reserved");
        p.memory.putShort(INPUT + 6, (short) 1);
        assertEquals(HvStatus.INVALID_PARAMETER, p.hv.hvCallSignalEvent(INPUT), "reserved not zero");
        assertEquals(HvStatus.INVALID_ALIGNMENT, p.hv.hvCallSignalEvent(INPUT + 2));
        HypercallInputs.writeSignalEventInput(p.memory, INPUT, 0x2006, 0);
        assertEquals(HvStatus.INVALID_CONNECTION_ID, p.hv.hvCallSignalEvent(INPUT));
    }
}
