package org.hvref.machine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hvref.channel.device.ChannelSignal;
import org.hvref.channel.host.HostConnection;
import org.hvref.channel.host.VmbusServer;
import org.hvref.hypervisor.ConnectionIds;
import org.hvref.hypervisor.Hypervisor;
import org.hvref.memory.GuestMemory;
import org.hvref.memory.GuestMemoryException;

/**
 * The pre-Win7 guest→host channel kick (vmbus-core.md §1.6 "Pre-Win8 legacy path", §3 "0.13: interrupt page +
 * shared event connection 2"): a 0.13 offer carries no connection id, so the guest sets bit {@code relid} in the
 * second 2 KiB (guest→host half) of the interrupt page it named in INITIATE_CONTACT and calls HvSignalEvent on
 * connection 2 ({@link ConnectionIds#EVENT}); the host, on that event, test-and-clears the bit of every channel
 * it offered and kicks those whose bit was set. The host takes the page's GPA from the accepted contact (an
 * untrusted value: a page outside guest memory means no kicks, not a crash).
 */
public final class LegacyInterruptPage {
    /** Offset of the guest→host half of the interrupt page (vmbus-core.md §1.6: second 2 KiB). */
    public static final int GUEST_TO_HOST_OFFSET = 2048;
    /** Relids the bitmap half covers: 2 KiB of bits (vmbus-core.md §1.6: 16384). */
    public static final int MAX_RELID_BITS = 2048 * 8;

    private final Hypervisor hypervisor;
    private final VmbusServer server;
    private final long guestInterruptPageGpa;
    private final Map<Integer, Runnable> hostKicks = new ConcurrentHashMap<>();

    /**
     * Registers the host's handler of connection 2.
     *
     * @param hypervisor            the partition
     * @param server                the host (for the accepted contact's interrupt page)
     * @param guestInterruptPageGpa the interrupt page the guest names in INITIATE_CONTACT
     */
    LegacyInterruptPage(Hypervisor hypervisor, VmbusServer server, long guestInterruptPageGpa) {
        this.hypervisor = hypervisor;
        this.server = server;
        this.guestInterruptPageGpa = guestInterruptPageGpa;
        hypervisor.registerEventPort(ConnectionIds.EVENT, this::onSharedEvent);
    }

    /** @param relid a channel @param kick what the host runs when the guest kicks it */
    void addHostChannel(int relid, Runnable kick) {
        hostKicks.put(relid, kick);
    }

    /** @param relid a channel no longer offered */
    void removeHostChannel(int relid) {
        hostKicks.remove(relid);
    }

    /**
     * @param relid the channel
     * @return the guest's kick of that channel: set its bit, then HvSignalEvent(2, flag 0)
     */
    ChannelSignal guestSignal(int relid) {
        if (relid < 1 || relid >= MAX_RELID_BITS) {
            throw new IllegalArgumentException("relid: " + relid + " (expected: 1.." + (MAX_RELID_BITS - 1) + ")");
        }
        long word = guestInterruptPageGpa + GUEST_TO_HOST_OFFSET + (relid >>> 5) * 4L;
        int bit = 1 << (relid & 31);
        GuestMemory memory = hypervisor.memory();
        return () -> {
            memory.getAndBitwiseOrInt(word, bit);
            hypervisor.signalEvent(ConnectionIds.EVENT, 0);
        };
    }

    private void onSharedEvent() {
        long page = server.connection().map(HostConnection::interruptPage).orElse(0L);
        if (page == 0) {
            return;
        }
        GuestMemory memory = hypervisor.memory();
        try {
            memory.checkRange(page, GuestMemory.PAGE_SIZE);
        } catch (GuestMemoryException e) {
            return; // the guest named a page outside its memory: nothing to scan
        }
        for (Map.Entry<Integer, Runnable> e : hostKicks.entrySet()) {
            int relid = e.getKey();
            if (relid >= MAX_RELID_BITS || (page & 3) != 0) {
                continue;
            }
            long word = page + GUEST_TO_HOST_OFFSET + (relid >>> 5) * 4L;
            int bit = 1 << (relid & 31);
            if ((memory.getAndBitwiseAndInt(word, ~bit) & bit) != 0) {
                e.getValue().run();
            }
        }
    }
}
