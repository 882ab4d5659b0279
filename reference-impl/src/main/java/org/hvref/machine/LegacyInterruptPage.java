package org.hvref.machine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hvref.channel.device.ChannelSignal;
import org.hvref.channel.host.HostConnection;
import org.hvref.channel.host.VmbusServer;
import org.hvref.hypervisor.ConnectionIds;
import org.hvref.hypervisor.Hypervisor;
import org.hvref.hypervisor.HypervisorException;
import org.hvref.hypervisor.InterruptPage;

/**
 * The machine-level view of the pre-Win8 interrupt page's guest→host direction (vmbus-core.md §1.6 "Pre-Win8 legacy
 * path", §3 "0.13: interrupt page + shared event connection 2"): a 0.13 offer carries no connection id, so the guest
 * sets bit {@code relid} in the second 2 KiB (guest→host half) of the interrupt page it named in INITIATE_CONTACT and
 * calls HvSignalEvent on connection 2 ({@link ConnectionIds#EVENT}); the host, on that event, test-and-clears the
 * whole half and kicks every channel it offered whose bit was set (bits of other relids are cleared and ignored).
 * The host→guest direction lives in the VMBus endpoints; both use {@link InterruptPage}. The host takes the page's
 * GPA from the accepted contact (an untrusted value: a page outside guest memory means no kicks, not a crash).
 */
public final class LegacyInterruptPage {
    /** Offset of the host→guest half of the interrupt page (vmbus-core.md §1.6: first 2 KiB). */
    public static final int HOST_TO_GUEST_OFFSET = InterruptPage.HOST_TO_GUEST_OFFSET;
    /** Offset of the guest→host half of the interrupt page (vmbus-core.md §1.6: second 2 KiB). */
    public static final int GUEST_TO_HOST_OFFSET = InterruptPage.GUEST_TO_HOST_OFFSET;
    /** Relids the bitmap half covers: 2 KiB of bits (vmbus-core.md §1.6: 16384). */
    public static final int MAX_RELID_BITS = InterruptPage.MAX_RELID_BITS;

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
        InterruptPage page = new InterruptPage(hypervisor.memory(), guestInterruptPageGpa);
        return () -> {
            page.set(InterruptPage.Half.GUEST_TO_HOST, relid);
            hypervisor.signalEvent(ConnectionIds.EVENT, 0);
        };
    }

    private void onSharedEvent() {
        long gpa = server.connection().map(HostConnection::interruptPage).orElse(0L);
        if (gpa == 0) {
            return;
        }
        InterruptPage page;
        try {
            page = new InterruptPage(hypervisor.memory(), gpa);
        } catch (HypervisorException e) {
            return; // the guest named no usable page: nothing to scan
        }
        page.takeAll(InterruptPage.Half.GUEST_TO_HOST, relid -> {
            Runnable kick = hostKicks.get(relid);
            if (kick != null) {
                kick.run();
            }
        });
    }
}
