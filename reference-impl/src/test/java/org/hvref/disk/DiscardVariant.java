package org.hvref.disk;

import java.io.IOException;
import java.nio.file.Path;
import org.hvref.disk.vhdx.VhdxCreateOptions;
import org.hvref.disk.vhdx.VhdxImage;

/** The image variants the discard tests run on: every format, fixed and growing, VHDX with 1 MiB blocks. */
enum DiscardVariant {
    RAW, VHD_FIXED, VHD_DYNAMIC, VHDX_FIXED, VHDX_DYNAMIC;

    /** Creates the variant with at least {@code size} bytes (VHD rounds up to a CHS geometry). */
    DiskImage create(Path path, long size) throws IOException {
        return switch (this) {
            case RAW -> DiskImages.create(path, DiskFormat.RAW, size, false);
            case VHD_FIXED -> DiskImages.create(path, DiskFormat.VHD, size, true);
            case VHD_DYNAMIC -> DiskImages.create(path, DiskFormat.VHD, size, false);
            case VHDX_FIXED, VHDX_DYNAMIC -> {
                VhdxCreateOptions o = this == VHDX_FIXED ? VhdxCreateOptions.fixedSize(size)
                        : VhdxCreateOptions.dynamic(size);
                VhdxImage.create(path, o.withBlockSize(1 << 20));
                yield VhdxImage.open(path, false);
            }
        };
    }
}
