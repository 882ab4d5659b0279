package org.hvref.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.device.EchoDevice;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.WindowsHost;
import org.hvref.machine.BootReport;
import org.hvref.machine.GuestDevices;
import org.hvref.machine.ReferenceGuest;
import org.hvref.machine.ReferenceMachine;

/**
 * The demo's boot: a {@link ReferenceMachine} whose host emulates a Windows preset and offers two loopback echo
 * devices, and the {@link ReferenceGuest} booting on it (concurrent, or deterministic with a seed), with the
 * hot-plug step (the host rescinds the second echo channel while it is open and offers it again); both rings of the
 * first echo channel are traced ({@link BootReport#ringTraces()}) for validation against VmbusRing; after the echo
 * part, before UNLOAD, the {@link IcDemo} integration services and then the {@link StorageDemo} disks run in the same
 * boot.
 */
final class BootDemo {
    /** Instance GUIDs of the two echo devices the host offers (hvref-private, like the echo class GUID). */
    static final java.util.UUID[] ECHO_INSTANCES = {
        java.util.UUID.fromString("68767265-6600-6563-686f-00000000de01"),
        java.util.UUID.fromString("68767265-6600-6563-686f-00000000de02")};

    /** Guest memory: 8 MiB, for the rings of every channel and the storage requests' buffers in flight. */
    static final int MEMORY_PAGES = 2048;

    private BootDemo() {
    }

    /**
     * @param host          the Windows host to emulate
     * @param packets       echo packets per channel
     * @param deterministic deterministic mode (else concurrent)
     * @param seed          seed of the deterministic scheduler
     * @param timeout       hang guard of concurrent waits
     * @param disks         the storage part's images
     * @param qemu          the qemu-img check of the closed images
     * @return the boot's report
     */
    static Result run(WindowsHost host, int packets, boolean deterministic, long seed, Duration timeout,
                      DemoDisks disks, QemuImgCheck qemu) {
        ReferenceMachine.Builder b = ReferenceMachine.builder().host(host).hangGuard(timeout)
                .memoryPages(MEMORY_PAGES);
        b = deterministic ? b.deterministic(seed) : b.concurrent();
        try (ReferenceMachine m = b.build()) {
            for (java.util.UUID instance : ECHO_INSTANCES) {
                m.await(m.addDevice(HostChannelConfig.of(EchoDevice.CLASS_ID, instance), new EchoDevice(m.memory())));
            }
            CompletableFuture<Void> resume = new CompletableFuture<>();
            ReferenceGuest guest = new ReferenceGuest(m, packets, GuestDevices.DEFAULT_RING_PAGES).withHotPlug()
                    .traceRingsOfFirstEchoChannel().holdBeforeUnload(resume);
            CompletableFuture<BootReport> boot = guest.boot();
            m.await(CompletableFuture.anyOf(guest.beforeUnload(), boot));
            if (boot.isCompletedExceptionally()) {
                boot.join(); // throws the boot's failure
            }
            IcDemo.Report ic = IcDemo.run(m, seed);
            StorageDemo.Report storage = StorageDemo.run(m, host, disks, seed, qemu);
            resume.complete(null);
            return new Result(m.await(boot), ic, storage);
        }
    }

    /**
     * What the boot did.
     *
     * @param boot    the echo part and the whole machine's channel trace
     * @param ic      the integration services run before UNLOAD
     * @param storage the disks, after the integration services
     */
    record Result(BootReport boot, IcDemo.Report ic, StorageDemo.Report storage) {
    }
}
