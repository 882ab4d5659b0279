package org.hvref.disk.vhd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.hvref.disk.DamagedImageException;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of the VHD footer and dynamic header: the vectors are the first 1536 bytes of an image made by
 * {@code qemu-img create -f vpc -o subformat=dynamic d.vhd 8M} (qemu 7.2), so the checksums are qemu's.
 */
class VhdCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The footer of the 8 MiB qemu image (all 427 reserved bytes after offset 85 are zero). */
    static byte[] qemuFooter() {
        byte[] b = new byte[VhdFooter.LENGTH];
        byte[] fields = HEX.parseHex(""
                + "636f6e6563746978"                  // offset 0: cookie "conectix"
                + "00000002"                          // offset 8: features (reserved bit 0x2)
                + "00010000"                          // offset 12: file format version 1.0
                + "0000000000000200"                  // offset 16: data offset 512 (dynamic header)
                + "329a4320"                          // offset 24: timestamp, seconds since 2000-01-01
                + "71656d75"                          // offset 28: creator application "qemu"
                + "00050003"                          // offset 32: creator version 5.3
                + "5769326b"                          // offset 36: creator host OS "Wi2k"
                + "0000000000800800"                  // offset 40: original size 8390656 (8 MiB rounded to CHS)
                + "0000000000800800"                  // offset 48: current size 8390656
                + "00f10411"                          // offset 56: geometry 241 cylinders, 4 heads, 17 sectors
                + "00000003"                          // offset 60: disk type 3 dynamic
                + "ffffee4c"                          // offset 64: checksum
                + "ea69e8a03c5c4445a69afd17490f94b0"  // offset 68: unique id
                + "00");                              // offset 84: saved state 0
        System.arraycopy(fields, 0, b, 0, fields.length);
        return b;
    }

    /** The dynamic header of the same image (parent fields and reserved bytes zero). */
    static byte[] qemuDynamicHeader() {
        byte[] b = new byte[VhdDynamicHeader.LENGTH];
        byte[] fields = HEX.parseHex(""
                + "6378737061727365"                  // offset 0: cookie "cxsparse"
                + "ffffffffffffffff"                  // offset 8: data offset, unused, all-ones
                + "0000000000000600"                  // offset 16: table offset 1536
                + "00010000"                          // offset 24: header version 1.0
                + "00000005"                          // offset 28: max table entries 5
                + "00200000"                          // offset 32: block size 2 MiB
                + "fffff472");                        // offset 36: checksum
        System.arraycopy(fields, 0, b, 0, fields.length);
        return b;
    }

    private static VhdFooter expectedFooter() {
        return new VhdFooter(2, 512, 0x329a4320, VhdFooter.CREATOR_QEMU, 0x00050003, VhdFooter.HOST_OS_WINDOWS,
                8390656, 8390656, new VhdGeometry(241, 4, 17), VhdFooter.TYPE_DYNAMIC,
                HEX.parseHex("ea69e8a03c5c4445a69afd17490f94b0"), 0);
    }

    @Test
    void shouldEncodeFooterAsQemuDoes() {
        assertArrayEquals(qemuFooter(), expectedFooter().encode());
    }

    @Test
    void shouldDecodeQemuFooter() throws DamagedImageException {
        VhdFooter f = VhdFooter.decode(qemuFooter(), "footer");
        assertEquals(expectedFooter(), f);
        assertEquals(8390656, f.virtualSize());
    }

    @Test
    void shouldEncodeDynamicHeaderAsQemuDoes() {
        assertArrayEquals(qemuDynamicHeader(), new VhdDynamicHeader(1536, 5, 2 * 1024 * 1024).encode());
    }

    @Test
    void shouldDecodeQemuDynamicHeader() throws DamagedImageException {
        VhdDynamicHeader h = VhdDynamicHeader.decode(qemuDynamicHeader());
        assertEquals(new VhdDynamicHeader(1536, 5, 2 * 1024 * 1024), h);
        assertEquals(512, h.bitmapSize());
    }

    @Test
    void shouldRejectFooterWithBadChecksum() {
        byte[] b = qemuFooter();
        b[VhdFooter.CHECKSUM_OFFSET + 3] = 0x4d;
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdFooter.decode(b, "vhd footer"));
        assertEquals("vhd footer: checksum 0xffffee4d (expected: 0xffffee4c)", e.getMessage());
    }

    @Test
    void shouldRejectFooterWithBadCookie() {
        byte[] b = qemuFooter();
        b[0] = 'C';
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdFooter.decode(b, "vhd footer"));
        assertEquals("vhd footer: cookie 0x436f6e6563746978 (expected: \"conectix\")", e.getMessage());
    }

    @Test
    void shouldRejectFooterWithOtherVersion() {
        byte[] b = expectedFooter().encode();
        b[VhdFooter.VERSION_OFFSET + 1] = 2;
        fixChecksum(b, VhdFooter.CHECKSUM_OFFSET);
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdFooter.decode(b, "vhd footer"));
        assertEquals("vhd footer: version 0x20000 (expected: 0x10000)", e.getMessage());
    }

    @Test
    void shouldRejectDynamicHeaderWithBadCookieChecksumOrBlockSize() {
        byte[] cookie = qemuDynamicHeader();
        cookie[1] = 'X';
        assertTrue(assertThrows(DamagedImageException.class, () -> VhdDynamicHeader.decode(cookie)).getMessage()
                .startsWith("vhd dynamic header: cookie 0x63587370"));
        byte[] sum = qemuDynamicHeader();
        sum[VhdDynamicHeader.CHECKSUM_OFFSET] = 0;
        assertEquals("vhd dynamic header: checksum 0xfff472 (expected: 0xfffff472)",
                assertThrows(DamagedImageException.class, () -> VhdDynamicHeader.decode(sum)).getMessage());
        byte[] block = qemuDynamicHeader();
        block[VhdDynamicHeader.BLOCK_SIZE_OFFSET + 3] = 1;
        fixChecksum(block, VhdDynamicHeader.CHECKSUM_OFFSET);
        assertEquals("vhd dynamic header: block size 2097153 (expected: a power of two in [512, 268435456])",
                assertThrows(DamagedImageException.class, () -> VhdDynamicHeader.decode(block)).getMessage());
    }

    @Test
    void shouldComputeChecksumOverAllBytesButItsOwnField() {
        byte[] b = new byte[16];
        Arrays.fill(b, (byte) 1);
        assertEquals(~12, VhdChecksum.compute(b, 4));
    }

    /** Recomputes the checksum after a test changed a field. */
    static void fixChecksum(byte[] b, int checksumOffset) {
        int sum = VhdChecksum.compute(b, checksumOffset);
        b[checksumOffset] = (byte) (sum >>> 24);
        b[checksumOffset + 1] = (byte) (sum >>> 16);
        b[checksumOffset + 2] = (byte) (sum >>> 8);
        b[checksumOffset + 3] = (byte) sum;
    }
}
