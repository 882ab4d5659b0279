package org.hvref.storage.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Optional;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VstorOperation;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Hostile peers: a host fed random packets (some with valid operations and sizes) in any state answers each with a
 * decodable COMPLETE_IO or hands over an EXECUTE_SRB, never throws; a guest fed random answers throws nothing but
 * {@link StorvscSessionException}. Fixed seed ({@code -Dhvref.props.seed=N} to explore).
 */
class StorvscSessionProperties {
    private static final long SEED = Long.getLong("hvref.props.seed", 0x5E55L);

    static Gen<byte[]> packet() {
        return lists().of(integers().between(0, 255)).ofSizeBetween(64, 64).zip(integers().between(0, 3),
                (l, shape) -> {
                    byte[] b = new byte[l.size() - (shape == 1 ? 16 : shape == 2 ? 20 : 0)];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) (int) l.get(i);
                    }
                    if (shape != 3) {
                        b[0] = (byte) (1 + Byte.toUnsignedInt(b[0]) % 14);   // a valid operation
                        b[1] = 0;
                        b[2] = 0;
                        b[3] = 0;
                        b[4] = (byte) (b[4] & 1);                             // valid flags
                        b[5] = 0;
                        b[6] = 0;
                        b[7] = 0;
                    }
                    return b;
                });
    }

    @Test
    void hostAnswersEveryPacketInEveryState() {
        QuickTheory.qt().withFixedSeed(SEED).withExamples(400)
                .forAll(integers().between(0, 5), lists().of(packet()).ofSizeBetween(1, 12))
                .checkAssert((prefix, packets) -> {
                    StorvscHostProtocol host = new StorvscHostProtocol(StorvscDeviceClass.SCSI, 4);
                    drive(host, prefix);
                    for (byte[] p : packets) {
                        StorvscHostState before = host.state();
                        StorvscHostStep step = host.onPacket(p, p.length);
                        if (step.completion().isEmpty()) {
                            assertTrue(step.event() instanceof StorvscHostEvent.ExecuteSrb, "srb handed over");
                            assertEquals(StorvscHostState.READY, before);
                        } else {
                            VstorPacket c = step.completion().get();
                            byte[] wire = VstorPacketCodec.encode(c);
                            assertEquals(VstorOperation.COMPLETE_IO, VstorPacketCodec.decode(wire, wire.length,
                                    null, null).operation());
                        }
                        assertTrue(host.state().ordinal() >= before.ordinal(), "initialization never goes back");
                    }
                });
    }

    /** Runs a real guest for {@code steps} exchanges so the host starts in a later state. */
    static void drive(StorvscHostProtocol host, int steps) {
        StorvscGuestProtocol guest = new StorvscGuestProtocol(4);
        Optional<VstorPacket> next = Optional.of(guest.start());
        for (int i = 0; i < steps && next.isPresent(); i++) {
            byte[] b = VstorPacketCodec.encode(next.get());
            byte[] c = VstorPacketCodec.encode(host.onPacket(b, b.length).completion().orElseThrow());
            next = guest.onCompletion(c, c.length);
        }
    }

    @Test
    void guestThrowsOnlySessionExceptions() {
        QuickTheory.qt().withFixedSeed(SEED).withExamples(400)
                .forAll(lists().of(packet()).ofSizeBetween(1, 10))
                .checkAssert(answers -> {
                    StorvscGuestProtocol guest = new StorvscGuestProtocol(List.of(
                            VstorProtocolVersion.WIN10, VstorProtocolVersion.WIN7), 3);
                    guest.start();
                    for (byte[] a : answers) {
                        try {
                            guest.onCompletion(a, a.length);
                        } catch (StorvscSessionException e) {
                            assertEquals(StorvscGuestState.FAILED, guest.state());
                        }
                    }
                });
    }
}
