package org.hvref.ring;

import java.util.ArrayList;
import java.util.List;
import org.hvref.memory.GuestMemory;

/** Test helper: small contiguous rings and draining. */
final class TestRings {
    private TestRings() {
    }

    /** A fresh contiguous ring at GPA 0 with the given data size. */
    static RingLayout ring(int dataSize, boolean featurePendingSend) {
        int pages = 1 + (dataSize + 4095) / 4096;
        RingLayout layout = RingLayout.contiguous(GuestMemory.heap(pages), 0, dataSize);
        layout.initialize(featurePendingSend);
        return layout;
    }

    /** Payload of {@code n} bytes: 1, 2, 3, ... (mod 256) starting at {@code seed}. */
    static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    /** Reads one batch and returns the packets as raw copies. */
    static List<RawPacket> readAll(RingReader reader, int max) {
        List<RawPacket> out = new ArrayList<>();
        reader.readBatch(max, p -> out.add(p.toRawPacket()));
        return out;
    }
}
