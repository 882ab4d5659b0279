package org.hvref.hypervisor;

import org.hvref.memory.GuestMemory;

/** Test fixture: a hypervisor over 16 pages of direct guest memory with the SynIC pages of VP 0 (and 1) set. */
final class TestPartition {
    static final long SIMP0 = 0x1000;
    static final long SIEFP0 = 0x2000;
    static final long SIMP1 = 0x5000;
    static final long SIEFP1 = 0x6000;
    static final long MONITOR_P2C = 0x3000;
    static final long MONITOR_C2P = 0x4000;
    static final int SINT = SynIcDescriptor.VMBUS_SINT;

    final GuestMemory memory = GuestMemory.direct(16);
    final Hypervisor hv;
    final SynIc synic;

    TestPartition(Scheduler scheduler, HypervisorConfig config) {
        hv = new Hypervisor(memory, scheduler, config.withVpCount(Math.max(2, config.vpCount())));
        synic = hv.synic(0);
        synic.setMessagePage(SIMP0);
        synic.setEventFlagsPage(SIEFP0);
        hv.synic(1).setMessagePage(SIMP1);
        hv.synic(1).setEventFlagsPage(SIEFP1);
    }

    TestPartition(Scheduler scheduler) {
        this(scheduler, HypervisorConfig.defaults());
    }

    long slot(int sint) {
        return SynIcDescriptor.messageSlot(SIMP0, sint);
    }

    int slotType(int sint) {
        return memory.getInt(slot(sint));
    }

    boolean slotPendingFlag(int sint) {
        return (memory.getByte(slot(sint) + HvMessageDescriptor.MESSAGE_FLAGS_OFFSET) & 1) != 0;
    }

    static byte[] payload(int seq, int length) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) (seq * 31 + i);
        }
        if (length >= 4) {
            p[0] = (byte) seq;
            p[1] = (byte) (seq >>> 8);
            p[2] = (byte) (seq >>> 16);
            p[3] = (byte) (seq >>> 24);
        }
        return p;
    }

    static int seq(byte[] payload) {
        return (payload[0] & 0xFF) | (payload[1] & 0xFF) << 8 | (payload[2] & 0xFF) << 16 | (payload[3] & 0xFF) << 24;
    }
}
