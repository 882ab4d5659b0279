package org.hvref.hypervisor.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hvref.hypervisor.DeterministicScheduler;
import org.hvref.hypervisor.HvMessageDescriptor;
import org.hvref.hypervisor.HvStatus;
import org.hvref.hypervisor.HypercallInputDescriptor;
import org.hvref.hypervisor.Hypervisor;
import org.hvref.hypervisor.HypervisorException;
import org.hvref.hypervisor.SynIc;
import org.hvref.hypervisor.SynIcDescriptor;
import org.hvref.hypervisor.SynicMessage;
import org.hvref.memory.GuestMemory;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the simulated hypervisor's hypercall input decoders ({@link
 * Hypervisor#hvCallPostMessage}, {@link Hypervisor#hvCallSignalEvent}, {@link Hypervisor#hvCallSignalEventFast}) and
 * of {@link SynIc#readMessage}/{@link SynIc#takeMessage} on a raw message slot, with a hostile guest's bytes.
 *
 * <p>Input: byte 0 picks the target ({@code value mod 4}: 0 HvPostMessage block, 1 HvSignalEvent block, 2 fast
 * HvSignalEvent register (little-endian), 3 raw SynIC slot of the VMBus SINT); the rest (zero-padded, cut to the
 * block size) is written into guest memory. A message port ({@value #MESSAGE_CONNECTION}) and an event port
 * ({@value #EVENT_CONNECTION}) are registered. Oracle: hypercalls only return an {@link HvStatus}, slot reads only
 * throw {@link HypervisorException}; a reserved field that is not zero or a payload over 240 bytes is {@link
 * HvStatus#INVALID_PARAMETER}; a refused call delivers nothing; a successful post delivers exactly once exactly the
 * block's payload bytes and type, a successful signal runs the event port once; a slot read returns exactly the
 * slot's bytes and {@code takeMessage} frees the slot.
 *
 * <p>Under {@code mvn verify} this runs in Jazzer's regression mode over the checked-in seed corpus
 * {@code src/test/resources/org/hvref/hypervisor/properties/HypercallInputFuzzTestInputs/hypercallsOnlyReturnStatus/}:
 * {@code valid-*} files are accepted, {@code hostile-*} files are refused ({@link #seedCorpusShouldBeWhatItsNamesSay}
 * keeps them so). {@code JAZZER_FUZZ=1 mvn test -Dtest=HypercallInputFuzzTest -Djazzer.hooks=true} fuzzes.
 */
class HypercallInputFuzzTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "org", "hvref", "hypervisor",
            "properties", "HypercallInputFuzzTestInputs", "hypercallsOnlyReturnStatus");
    private static final int MESSAGE_CONNECTION = 1;
    private static final int EVENT_CONNECTION = 2;
    private static final long SIMP = 0x1000;
    private static final long INPUT_GPA = 0x3000;
    private static final int SINT = SynIcDescriptor.VMBUS_SINT;

    private record Delivery(int connectionId, int messageType, byte[] payload) {
    }

    /** One freshly set-up partition per input. */
    private static final class Rig {
        final DeterministicScheduler scheduler = DeterministicScheduler.seeded(1);
        final GuestMemory memory = GuestMemory.heap(8);
        final Hypervisor hv = Hypervisor.create(memory, scheduler);
        final List<Delivery> deliveries = new ArrayList<>();
        int signals;

        Rig() {
            hv.registerMessagePort(MESSAGE_CONNECTION, (c, t, p) -> deliveries.add(new Delivery(c, t, p)));
            hv.registerEventPort(EVENT_CONNECTION, () -> signals++);
            hv.synic(0).setMessagePage(SIMP);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void hypercallsOnlyReturnStatus(byte[] input) {
        int target = input.length == 0 ? 0 : (input[0] & 0xFF) % 4;
        byte[] body = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        outcome(target, body);
    }

    /** @return whether the input was accepted (status SUCCESS, or a non-empty slot read) */
    private static boolean outcome(int target, byte[] body) {
        Rig rig = new Rig();
        return switch (target) {
            case 0 -> post(rig, block(body, HypercallInputDescriptor.POST_INPUT_SIZE));
            case 1 -> signal(rig, block(body, HypercallInputDescriptor.SIGNAL_INPUT_SIZE), false);
            case 2 -> signal(rig, block(body, Long.BYTES), true);
            default -> slot(rig, block(body, HvMessageDescriptor.MESSAGE_SIZE));
        };
    }

    private static boolean post(Rig rig, byte[] block) {
        rig.memory.write(INPUT_GPA, block, 0, block.length);
        HvStatus status = rig.hv.hvCallPostMessage(INPUT_GPA);
        assertNotNull(status, "status");
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        int reserved = b.getInt(HypercallInputDescriptor.POST_RESERVED_OFFSET);
        long size = b.getInt(HypercallInputDescriptor.POST_PAYLOAD_SIZE_OFFSET) & 0xFFFF_FFFFL;
        if (reserved != 0 || size > HvMessageDescriptor.MAX_PAYLOAD_SIZE) {
            assertEquals(HvStatus.INVALID_PARAMETER, status, "reserved " + reserved + ", payload_size " + size);
        }
        rig.scheduler.runUntilIdle();
        if (!status.isSuccess()) {
            assertTrue(rig.deliveries.isEmpty(), () -> status + " but delivered " + rig.deliveries);
            return false;
        }
        assertEquals(1, rig.deliveries.size(), "deliveries of one successful post");
        Delivery d = rig.deliveries.get(0);
        assertEquals(b.getInt(HypercallInputDescriptor.POST_CONNECTION_ID_OFFSET), d.connectionId(), "connection");
        assertEquals(b.getInt(HypercallInputDescriptor.POST_MESSAGE_TYPE_OFFSET), d.messageType(), "type");
        int from = HypercallInputDescriptor.POST_PAYLOAD_OFFSET;
        assertArrayEquals(Arrays.copyOfRange(block, from, from + (int) size), d.payload(), "payload");
        return true;
    }

    private static boolean signal(Rig rig, byte[] block, boolean fast) {
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        HvStatus status;
        if (fast) {
            long value = b.getLong(0);
            status = rig.hv.hvCallSignalEventFast(value);
            if ((value >>> 48) != 0) {
                assertEquals(HvStatus.INVALID_PARAMETER, status, "fast input with reserved bits");
            }
        } else {
            rig.memory.write(INPUT_GPA, block, 0, block.length);
            status = rig.hv.hvCallSignalEvent(INPUT_GPA);
            if (b.getShort(HypercallInputDescriptor.SIGNAL_RESERVED_OFFSET) != 0) {
                assertEquals(HvStatus.INVALID_PARAMETER, status, "signal input with reserved bits");
            }
        }
        assertNotNull(status, "status");
        rig.scheduler.runUntilIdle();
        assertTrue(rig.deliveries.isEmpty(), "a signal posts no message");
        assertEquals(status.isSuccess() ? 1 : 0, rig.signals, () -> "event port runs after " + status);
        return status.isSuccess();
    }

    private static boolean slot(Rig rig, byte[] raw) {
        long slot = SynIcDescriptor.messageSlot(SIMP, SINT);
        rig.memory.write(slot, raw, 0, raw.length);
        SynIc synic = rig.hv.synic(0);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int size = raw[HvMessageDescriptor.PAYLOAD_SIZE_OFFSET] & 0xFF;
        Optional<SynicMessage> m;
        try {
            m = synic.takeMessage(SINT);
        } catch (HypervisorException e) {
            assertTrue(size > HvMessageDescriptor.MAX_PAYLOAD_SIZE, () -> "refused a slot of size " + size + ": " + e);
            return false;
        }
        int type = b.getInt(HvMessageDescriptor.MESSAGE_TYPE_OFFSET);
        if (m.isEmpty()) {
            assertEquals(0, type, "an empty read of a slot of type " + type);
            return false;
        }
        assertTrue(size <= HvMessageDescriptor.MAX_PAYLOAD_SIZE, "accepted payload_size " + size);
        SynicMessage msg = m.get();
        assertEquals(type, msg.messageType(), "type");
        assertEquals(b.getLong(HvMessageDescriptor.PORT_ID_OFFSET), msg.portId(), "port id");
        int from = HvMessageDescriptor.PAYLOAD_OFFSET;
        assertArrayEquals(Arrays.copyOfRange(raw, from, from + size), msg.payload(), "payload");
        assertTrue(synic.readMessage(SINT).isEmpty(), "takeMessage frees the slot");
        return true;
    }

    private static byte[] block(byte[] body, int size) {
        return Arrays.copyOf(body, size);
    }

    @Test
    void seedCorpusShouldBeWhatItsNamesSay() throws IOException {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(CORPUS)) {
            seeds = files.sorted().toList();
        }
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("valid-")), "valid seeds");
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("hostile-")), "hostile seeds");
        for (Path seed : seeds) {
            byte[] input = Files.readAllBytes(seed);
            String name = seed.getFileName().toString();
            boolean valid = name.startsWith("valid-");
            assertTrue(valid || name.startsWith("hostile-"), () -> "seed name: " + name
                    + " (expected: valid-* or hostile-*)");
            int target = (input[0] & 0xFF) % 4;
            assertEquals(valid, outcome(target, Arrays.copyOfRange(input, 1, input.length)), name);
        }
    }
}
