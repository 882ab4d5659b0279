package org.hvref.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.host.WindowsHost;
import org.hvref.disk.DiskImage;
import org.hvref.machine.ReferenceMachine;
import org.hvref.machine.StorageControllerConfig;
import org.hvref.machine.StoragePair;
import org.hvref.storage.protocol.StorageChannelProperties;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsc.StorvscClientConfig;
import org.hvref.storage.vsc.StorvscLun;

/**
 * The demo's storage part, run on the demo's machine after the integration services (the guest still connected):
 * the host adds a SCSI controller with a VHDX disk at LUN 0 (one sub-channel offered, the guest has two CPUs) and an
 * IDE controller with a VHDX disk (devices-net-storage-pci.md §3.6), accepting the VSTOR versions of the preset
 * ({@link StorageVersions}). On each, the guest initializes and scans, writes the {@link DemoDisks#plan} patterns (each
 * split into WRITE(16)s of at most the announced max_transfer_bytes, all in flight at once), flushes with
 * SYNCHRONIZE CACHE, reads every pattern back and compares SHA-256s, then closes the controller. The images are then
 * closed and checked ({@link DemoDisks#check}: hvref's read-only read-back, qemu-img check). Each controller keeps its
 * StorvscProtocol trace.
 */
final class StorageDemo {
    /** Sub-channels the SCSI VSP offers from 5.1 on (the guest, with two CPUs, asks for one). */
    static final int SCSI_SUB_CHANNELS = 1;
    /** The guest's CPUs. */
    static final int GUEST_CPUS = 2;
    /** Largest transfer of one SRB: the max_transfer_bytes the VSP announces (§3.4, openvmm's 256 KiB). */
    static final int MAX_TRANSFER = (int) StorageChannelProperties.OPENVMM_MAX_TRANSFER_BYTES;
    /** The LUN of each controller's disk. */
    static final int LUN = 0;
    /** IDE channel and device of the IDE disk (openvmm's scheme: instance GUID data1/data2, path/target id). */
    static final int IDE_CHANNEL = 0;
    /** IDE device of the IDE disk. */
    static final int IDE_DEVICE = 0;

    /**
     * One pattern written and read back.
     *
     * @param write       the write
     * @param writeSrbs   WRITE(16) requests it took
     * @param readSrbs    READ(16) requests the read-back took
     * @param sha256      SHA-256 of the bytes written
     * @param readSha256  SHA-256 of the bytes read back
     */
    record Pattern(DemoDisks.Write write, int writeSrbs, int readSrbs, String sha256, String readSha256) {
        /** @return whether the read-back equals the write */
        boolean equal() {
            return sha256.equals(readSha256);
        }
    }

    /**
     * What happened on one controller.
     *
     * @param disk        its disk
     * @param relid       the primary channel's relid
     * @param subRelids   the sub-channels' relids
     * @param version     the negotiated VSTOR version
     * @param openSubs    sub-channels the guest opened
     * @param luns        what the scan found
     * @param patterns    the patterns written and read back (SYNCHRONIZE CACHE completed in between)
     * @param trace       the controller's StorvscProtocol trace
     * @param checked     the closed image's checks
     */
    record Controller(DemoDisks.Disk disk, int relid, List<Integer> subRelids, VstorProtocolVersion version,
                      int openSubs, List<StorvscLun> luns, List<Pattern> patterns,
                      List<Map<String, Object>> trace, DemoDisks.Checked checked) {
        /** @return whether the disk was found as planned, every pattern read back equal and both image checks passed */
        boolean ok() {
            return luns.size() == 1 && luns.get(0).lun() == LUN && luns.get(0).capacityBytes() == disk.size()
                    && patterns.stream().allMatch(Pattern::equal) && checked.ok();
        }
    }

    /**
     * What the storage part did.
     *
     * @param hostAccepts the VSTOR versions the host accepted
     * @param controllers SCSI, then IDE
     */
    record Report(List<VstorProtocolVersion> hostAccepts, List<Controller> controllers) {
        /** @return the StorvscProtocol traces, one per controller */
        List<List<Map<String, Object>>> traces() {
            return controllers.stream().map(Controller::trace).toList();
        }
    }

    private StorageDemo() {
    }

    /**
     * Runs both controllers, one after the other, on a machine whose guest is connected.
     *
     * @param m     the machine
     * @param host  the preset the host emulates (its VSTOR versions)
     * @param disks the demo's images (closed; opened here and closed again before the checks)
     * @param seed  seed of the write plans
     * @param qemu  the qemu-img check to run on the closed images
     * @return the report
     */
    static Report run(ReferenceMachine m, WindowsHost host, DemoDisks disks, long seed, QemuImgCheck qemu) {
        List<VstorProtocolVersion> accepted = StorageVersions.accepted(host);
        List<Controller> controllers = new ArrayList<>();
        for (DemoDisks.Disk d : DemoDisks.DISKS) {
            controllers.add(controller(m, d, accepted, disks, seed, qemu));
        }
        return new Report(accepted, List.copyOf(controllers));
    }

    private static Controller controller(ReferenceMachine m, DemoDisks.Disk d, List<VstorProtocolVersion> accepted,
                                         DemoDisks disks, long seed, QemuImgCheck qemu) {
        List<DemoDisks.Write> plan = DemoDisks.plan(d, seed);
        StoragePair pair;
        VstorProtocolVersion version;
        List<StorvscLun> luns;
        List<Pattern> patterns;
        int openSubs;
        try (DiskImage image = disks.open(d)) {
            pair = m.await(m.addStorageController(config(d, image, accepted)));
            version = m.await(pair.ready());
            luns = m.await(pair.scanned());
            m.settle(); // the sub-channels the host granted are offered and opened
            patterns = writeFlushReadBack(m, pair.client(), plan);
            openSubs = pair.client().openSubChannels();
            m.await(pair.close());
            m.settle();
        } catch (IOException e) {
            throw new UncheckedIOException("demo disk " + d.fileName() + ": " + e.getMessage(), e);
        }
        DemoDisks.Checked checked = disks.check(d, plan, qemu);
        return new Controller(d, pair.relid(), pair.subChannelRelids(), version, openSubs, luns, List.copyOf(patterns),
                pair.storvscTrace(), checked);
    }

    /**
     * Writes every pattern of {@code plan} to LUN 0 in SRBs of at most {@link #MAX_TRANSFER} bytes, all in flight at
     * once; flushes; reads every pattern back the same way.
     */
    private static List<Pattern> writeFlushReadBack(ReferenceMachine m, StorvscClient client,
                                                    List<DemoDisks.Write> plan) {
        List<List<CompletableFuture<Void>>> writes = new ArrayList<>();
        for (DemoDisks.Write w : plan) {
            List<CompletableFuture<Void>> srbs = new ArrayList<>();
            for (int at = 0; at < w.data().length; at += MAX_TRANSFER) {
                byte[] chunk = Arrays.copyOfRange(w.data(), at, Math.min(w.data().length, at + MAX_TRANSFER));
                srbs.add(client.write(LUN, w.lba() + at / DemoDisks.SECTOR, chunk));
            }
            writes.add(srbs);
        }
        m.await(CompletableFuture.allOf(writes.stream().flatMap(List::stream).toArray(CompletableFuture[]::new)));
        m.await(client.flush(LUN));
        List<List<CompletableFuture<byte[]>>> reads = new ArrayList<>();
        for (DemoDisks.Write w : plan) {
            List<CompletableFuture<byte[]>> srbs = new ArrayList<>();
            for (int at = 0; at < w.data().length; at += MAX_TRANSFER) {
                int bytes = Math.min(w.data().length - at, MAX_TRANSFER);
                srbs.add(client.read(LUN, w.lba() + at / DemoDisks.SECTOR, bytes / DemoDisks.SECTOR));
            }
            reads.add(srbs);
        }
        List<Pattern> patterns = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            DemoDisks.Write w = plan.get(i);
            ByteArrayOutputStream back = new ByteArrayOutputStream(w.data().length);
            for (CompletableFuture<byte[]> srb : reads.get(i)) {
                back.writeBytes(m.await(srb));
            }
            patterns.add(new Pattern(w, writes.get(i).size(), reads.get(i).size(), DemoDisks.sha256(w.data()),
                    DemoDisks.sha256(back.toByteArray())));
        }
        return patterns;
    }

    /** The controller of a disk: the preset's VSTOR versions on the host, {@link StorageVersions#GUEST_OFFERS}. */
    static StorageControllerConfig config(DemoDisks.Disk d, DiskImage image, List<VstorProtocolVersion> accepted) {
        if (d.controller() == StorvscDeviceClass.IDE) {
            StorageControllerConfig c = StorageControllerConfig.ide(image, IDE_CHANNEL, IDE_DEVICE);
            return c.withHostVersions(accepted).withGuest(c.guest().withVersions(StorageVersions.GUEST_OFFERS));
        }
        return StorageControllerConfig.scsi(Map.of(0, image)).withHostVersions(accepted)
                .withMaxSubChannels(SCSI_SUB_CHANNELS)
                .withGuest(StorvscClientConfig.linux(StorvscDeviceClass.SCSI).withVersions(StorageVersions.GUEST_OFFERS)
                        .withOnlineCpus(GUEST_CPUS));
    }
}
