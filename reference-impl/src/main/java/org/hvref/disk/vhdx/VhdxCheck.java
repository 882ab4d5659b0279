package org.hvref.disk.vhdx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hvref.disk.DamagedImageException;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.ImageCheckReport;

/**
 * Structural check of a VHDX (devices-net-storage-pci.md §6.2.5 item 9 and the reader checklist): file identifier,
 * both headers, the log state, both region tables, the metadata, and every BAT entry (state, reserved bits, inside
 * the file, no overlaps with each other or the other structures), listing every problem rather than the first. A
 * dirty log is an error unless {@code repair} is set, which replays it (opening the image for writing, as
 * {@code qemu-img check -r all} does) and checks again. A clean report means {@link VhdxImage#open} accepts the file.
 */
public final class VhdxCheck {
    private VhdxCheck() {
    }

    /**
     * Checks a VHDX file; writes to it only when {@code repair} is set and its log is dirty.
     *
     * @param path   the file
     * @param repair replay a dirty log
     * @return the report
     * @throws IOException if the file cannot be read (or, when repairing, written)
     */
    public static ImageCheckReport check(Path path, boolean repair) throws IOException {
        List<String> repaired = new ArrayList<>();
        if (repair) {
            try (ImageFile f = ChannelImageFile.open(path, true)) {
                VhdxHeader current = currentHeader(f, new ArrayList<>());
                if (current != null && current.logDirty() && current.logVersion() == 0) {
                    try (VhdxImage image = VhdxImage.open(path, false)) {
                        repaired.add("vhdx log: replayed " + image.logEntriesReplayed() + " entries, LogGuid cleared");
                    } catch (DamagedImageException e) {
                        repaired.add("vhdx log: not replayed (" + e.getMessage() + ")");
                    }
                }
            }
        }
        List<String> errors = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        try (ImageFile f = ChannelImageFile.open(path, true)) {
            check(f, errors, facts);
        }
        return new ImageCheckReport(DiskFormat.VHDX, errors, facts, repaired);
    }

    /** The current header (both copies' problems into {@code errors}), or null if neither is valid. */
    private static VhdxHeader currentHeader(ImageFile f, List<String> errors) throws IOException {
        VhdxHeader[] headers = new VhdxHeader[2];
        byte[][] raw = new byte[2][VhdxLayout.HEADER_SIZE];
        for (int i = 0; i < 2; i++) {
            f.read(i == 0 ? VhdxLayout.HEADER1_OFFSET : VhdxLayout.HEADER2_OFFSET, raw[i], 0, VhdxLayout.HEADER_SIZE);
            try {
                headers[i] = VhdxHeader.decode(raw[i], "header " + (i + 1));
            } catch (DamagedImageException e) {
                errors.add(e.getMessage());
            }
        }
        if (headers[0] == null || headers[1] == null) {
            return headers[0] == null ? headers[1] : headers[0];
        }
        if (headers[0].sequenceNumber() == headers[1].sequenceNumber() && !Arrays.equals(raw[0], raw[1])) {
            errors.add("vhdx: both headers have sequence number "
                    + Long.toUnsignedString(headers[0].sequenceNumber()) + " but differ (expected: distinct)");
        }
        return Long.compareUnsigned(headers[0].sequenceNumber(), headers[1].sequenceNumber()) >= 0 ? headers[0]
                : headers[1];
    }

    private static void check(ImageFile file, List<String> errors, List<String> facts) throws IOException {
        long length = file.length();
        if (length < VhdxLayout.MIB) {
            errors.add("vhdx: file of " + length + " bytes (expected: >= 1 MiB)");
            return;
        }
        byte[] ident = new byte[8];
        file.read(0, ident, 0, 8);
        if (!VhdxLayout.hasSignature(ident, 0, "vhdxfile")) {
            errors.add("vhdx: file type identifier missing (expected: \"vhdxfile\")");
        }
        VhdxHeader header = currentHeader(file, errors);
        if (header == null) {
            return;
        }
        if (header.logVersion() != 0) {
            errors.add("vhdx header: log version " + header.logVersion() + " (supported: 0)");
            return;
        }
        ImageFile store = file;
        if (header.logDirty()) {
            store = new OverlayImageFile(file);
            try {
                int n = VhdxLog.replay(store, header);
                errors.add("vhdx log: dirty, LogGuid " + header.logGuid() + ", " + n
                        + " entries to replay (expected: clean; --repair replays it)");
            } catch (IOException e) {
                errors.add(e.getMessage());
                return;
            }
        }
        facts.add("log: " + header.logLength() + " bytes at " + header.logOffset() + ", "
                + (header.logDirty() ? "dirty" : "clean"));
        List<VhdxRegionTable> tables = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] t = new byte[VhdxLayout.REGION_TABLE_SIZE];
            store.read(i == 0 ? VhdxLayout.REGION_TABLE1_OFFSET : VhdxLayout.REGION_TABLE2_OFFSET, t, 0, t.length);
            try {
                tables.add(VhdxRegionTable.decode(t, "region table " + (i + 1)));
            } catch (DamagedImageException e) {
                errors.add(e.getMessage());
            }
        }
        if (tables.isEmpty()) {
            return;
        }
        VhdxRegionTable regions = tables.get(0);
        VhdxRegionTable.Region batRegion;
        VhdxRegionTable.Region metaRegion;
        try {
            batRegion = regions.find(VhdxLayout.BAT_REGION);
            metaRegion = regions.find(VhdxLayout.METADATA_REGION);
        } catch (DamagedImageException e) {
            errors.add(e.getMessage());
            return;
        }
        List<long[]> used = VhdxImage.headerLogAndRegions(header, regions, errors);
        errors.addAll(VhdxImage.overlaps(used));
        if (metaRegion.fileOffset() + metaRegion.length() > length || metaRegion.length() > 64 * VhdxLayout.MIB) {
            errors.add("vhdx metadata region: [" + metaRegion.fileOffset() + ", "
                    + (metaRegion.fileOffset() + metaRegion.length()) + ") (expected: inside the file of " + length
                    + " bytes, <= 64 MiB)");
            return;
        }
        byte[] meta = new byte[(int) metaRegion.length()];
        store.read(metaRegion.fileOffset(), meta, 0, meta.length);
        VhdxMetadata metadata;
        try {
            metadata = VhdxMetadata.decode(meta);
        } catch (IOException e) {
            errors.add(e.getMessage());
            return;
        }
        long entries = metadata.batEntries();
        if (entries * 8 > batRegion.length() || entries > Integer.MAX_VALUE / 8
                || batRegion.fileOffset() + entries * 8 > length) {
            errors.add("vhdx BAT: " + entries + " entries at " + batRegion.fileOffset() + " (expected: inside the "
                    + batRegion.length() + "-byte region and the file of " + length + " bytes)");
            return;
        }
        byte[] batBytes = new byte[(int) entries * 8];
        store.read(batRegion.fileOffset(), batBytes, 0, batBytes.length);
        long[] bat = new long[(int) entries];
        VhdxLayout.le(batBytes).asLongBuffer().get(bat);
        errors.addAll(VhdxImage.batErrors(bat, metadata, length, used));
        long payloads = metadata.payloadBlocks();
        long present = 0;
        long zero = 0;
        for (long b = 0; b < payloads; b++) {
            int state = VhdxBat.state(bat[(int) VhdxBat.payloadIndex(b, metadata.chunkRatio())]);
            present += state == VhdxBat.FULLY_PRESENT ? 1 : 0;
            zero += state == VhdxBat.ZERO ? 1 : 0;
        }
        facts.add(0, (metadata.leaveBlocksAllocated() ? "fixed" : "dynamic") + " VHDX, virtual size "
                + metadata.virtualSize() + ", block size " + metadata.blockSize());
        facts.add(present + "/" + payloads + " = " + String.format("%.2f", payloads == 0 ? 0.0
                : 100.0 * present / payloads) + "% allocated blocks, " + zero + " in state ZERO");
        facts.add("Image end offset: " + length);
        if (errors.isEmpty()) {
            try (VhdxImage image = VhdxImage.open(file, true)) {
                if (image.size() != metadata.virtualSize()) {
                    errors.add("vhdx: opened size " + image.size() + " (expected: " + metadata.virtualSize() + ")");
                }
            } catch (IOException e) {
                errors.add(e.getMessage());
            }
        }
    }
}
