package org.hvref.ic.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The offset/size tables of devices-ic-input-video.md §1.2 and §1.4 against the descriptors. */
class IcLayoutTest {

    /** One row of a fact-sheet table: offset, size, and the descriptor's values. */
    record Row(String field, int offset, int size, int descriptorOffset, int descriptorLength) {
    }

    @Test
    void shouldMatchThePacketTable() {
        Row[] rows = {
            new Row("pipe flags", 0, 4, PipeHeaderDescriptor.packetTypeOffset(), PipeHeaderDescriptor.packetTypeLength()),
            new Row("pipe msgsize", 4, 4, PipeHeaderDescriptor.messageSizeOffset(),
                    PipeHeaderDescriptor.messageSizeLength()),
            new Row("icverframe", 8, 4, IcHeaderDescriptor.frameworkVersionOffset(),
                    IcHeaderDescriptor.frameworkVersionLength()),
            new Row("icmsgtype", 12, 2, IcHeaderDescriptor.messageTypeOffset(), IcHeaderDescriptor.messageTypeLength()),
            new Row("icvermsg", 14, 4, IcHeaderDescriptor.messageVersionOffset(),
                    IcHeaderDescriptor.messageVersionLength()),
            new Row("icmsgsize", 18, 2, IcHeaderDescriptor.messageSizeOffset(), IcHeaderDescriptor.messageSizeLength()),
            new Row("status", 20, 4, IcHeaderDescriptor.statusOffset(), IcHeaderDescriptor.statusLength()),
            new Row("ictransaction_id", 24, 1, IcHeaderDescriptor.transactionIdOffset(),
                    IcHeaderDescriptor.transactionIdLength()),
            new Row("icflags", 25, 1, IcHeaderDescriptor.flagsOffset(), IcHeaderDescriptor.flagsLength()),
            new Row("reserved", 26, 2, IcHeaderDescriptor.reservedOffset(), IcHeaderDescriptor.reservedLength()),
            new Row("icframe_vercnt", 28, 2, IcNegotiateDescriptor.frameworkCountOffset(),
                    IcNegotiateDescriptor.frameworkCountLength()),
            new Row("icmsg_vercnt", 30, 2, IcNegotiateDescriptor.messageCountOffset(),
                    IcNegotiateDescriptor.messageCountLength()),
            new Row("negotiate reserved", 32, 4, IcNegotiateDescriptor.reservedOffset(),
                    IcNegotiateDescriptor.reservedLength()),
            new Row("icversion_data[0]", 36, 4, IcNegotiateDescriptor.versionsOffset(),
                    IcNegotiateDescriptor.versionsLength()),
        };
        int expectedNext = 0;
        for (Row r : rows) {
            assertEquals(r.offset(), r.descriptorOffset(), r.field() + " offset");
            assertEquals(r.size(), r.descriptorLength(), r.field() + " size");
            assertEquals(expectedNext, r.offset(), r.field() + " follows the previous field (packed)");
            expectedNext = r.offset() + r.size();
        }
    }

    @Test
    void shouldHaveTheFactSheetSizes() {
        assertEquals(8, PipeHeaderDescriptor.LENGTH);
        assertEquals(28, IcHeaderDescriptor.LENGTH);             // ICMSG_HDR = 8 + 20
        assertEquals(20, IcHeaderDescriptor.IC_HEADER_LENGTH);
        assertEquals(8, IcNegotiateDescriptor.FIXED_LENGTH);
        assertEquals(16, IcNegotiateDescriptor.RESPONSE_MESSAGE_SIZE);
        assertEquals(44, IcNegotiateDescriptor.RESPONSE_LENGTH);
        assertEquals(32, IcNegotiateDescriptor.MIN_COUNTS_LENGTH);
        assertEquals(100, IcNegotiateDescriptor.MAX_VERSION_COUNT);
        assertEquals(40, IcNegotiateDescriptor.versionOffset(1));
        assertEquals(8 + 4 * 6, IcNegotiateDescriptor.messageSize(2, 4));
        assertEquals(13312, IcHeaderDescriptor.MAX_MESSAGE_SIZE);
    }

    @Test
    void shouldUseTheWireVersionEncoding() {
        // ic §0.1: major at byte 0, minor at byte 2, so the LE u32 is minor << 16 | major
        assertEquals(0x00020003, IcVersion.V3_2.toWire());
        assertEquals(IcVersion.V3_2, IcVersion.fromWire(0x00020003));
        assertEquals(0x00030002, IcVersion.V3_2.toLinuxInt()); // Linux internal (major << 16) | minor
    }

    @Test
    void shouldNameTypesAndStatuses() {
        assertEquals("SHUTDOWN(0x03)", IcMessageType.SHUTDOWN.toString());
        assertEquals("UNKNOWN(0x09)", IcMessageType.valueOf(9).toString());
        assertEquals("E_FAIL(0x80004005)", IcStatus.describe(IcStatus.E_FAIL));
        assertEquals(3, IcFlags.HOST_REQUEST);
        assertEquals(5, IcFlags.GUEST_RESPONSE);
    }
}
