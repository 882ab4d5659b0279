package org.hvref.channel.protocol;

/**
 * Layout of the 8-byte header of every channel message (vmbus-core.md §2.0; LNX-H vmbus_channel_message_header). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     4  msgtype u32
 *     4     4  padding u32 (zero)
 * </pre>
 */
public final class ChannelMessageHeaderDescriptor {
    /** Offset of msgtype u32 (vmbus-core.md §2.0; LNX-H vmbus_channel_message_header). */
    public static final int MESSAGE_TYPE_OFFSET = 0;
    /** Length of msgtype u32 (vmbus-core.md §2.0; LNX-H vmbus_channel_message_header). */
    public static final int MESSAGE_TYPE_LENGTH = 4;
    /** Offset of padding u32 (zero) (vmbus-core.md §2.0; LNX-H vmbus_channel_message_header). */
    public static final int PADDING_OFFSET = 4;
    /** Length of padding u32 (zero) (vmbus-core.md §2.0; LNX-H vmbus_channel_message_header). */
    public static final int PADDING_LENGTH = 4;
    /** Length of the header (vmbus-core.md §2.0: 8 bytes). */
    public static final int LENGTH = 8;
    /** Largest message, header included: the SynIC payload (vmbus-core.md §2.0: 240 bytes). */
    public static final int MAX_MESSAGE_LENGTH = 240;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #MESSAGE_TYPE_OFFSET} */
    public static int messageTypeOffset() {
        return MESSAGE_TYPE_OFFSET;
    }

    /** @return {@link #MESSAGE_TYPE_LENGTH} */
    public static int messageTypeLength() {
        return MESSAGE_TYPE_LENGTH;
    }

    /** @return {@link #PADDING_OFFSET} */
    public static int paddingOffset() {
        return PADDING_OFFSET;
    }

    /** @return {@link #PADDING_LENGTH} */
    public static int paddingLength() {
        return PADDING_LENGTH;
    }

    private ChannelMessageHeaderDescriptor() {
    }
}
