package org.hvref.channel.protocol;

import java.util.List;

/**
 * Channel-management message type, the u32 at offset 0 of every message (vmbus-core.md §2.0, §2.1; LNX-H
 * {@code enum vmbus_channel_message_type}, MSVM 0–26). An open set: {@link #valueOf(int)} never throws and maps
 * any other value to an unknown type with no name.
 */
public final class ChannelMessageType {
    /** 0 INVALID (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType INVALID = new ChannelMessageType(0, "INVALID");
    /** 1 OFFERCHANNEL (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType OFFERCHANNEL = new ChannelMessageType(1, "OFFERCHANNEL");
    /** 2 RESCIND_CHANNELOFFER (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType RESCIND_CHANNELOFFER = new ChannelMessageType(2, "RESCIND_CHANNELOFFER");
    /** 3 REQUESTOFFERS (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType REQUESTOFFERS = new ChannelMessageType(3, "REQUESTOFFERS");
    /** 4 ALLOFFERS_DELIVERED (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType ALLOFFERS_DELIVERED = new ChannelMessageType(4, "ALLOFFERS_DELIVERED");
    /** 5 OPENCHANNEL (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType OPENCHANNEL = new ChannelMessageType(5, "OPENCHANNEL");
    /** 6 OPENCHANNEL_RESULT (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType OPENCHANNEL_RESULT = new ChannelMessageType(6, "OPENCHANNEL_RESULT");
    /** 7 CLOSECHANNEL (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType CLOSECHANNEL = new ChannelMessageType(7, "CLOSECHANNEL");
    /** 8 GPADL_HEADER (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType GPADL_HEADER = new ChannelMessageType(8, "GPADL_HEADER");
    /** 9 GPADL_BODY (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType GPADL_BODY = new ChannelMessageType(9, "GPADL_BODY");
    /** 10 GPADL_CREATED (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType GPADL_CREATED = new ChannelMessageType(10, "GPADL_CREATED");
    /** 11 GPADL_TEARDOWN (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType GPADL_TEARDOWN = new ChannelMessageType(11, "GPADL_TEARDOWN");
    /** 12 GPADL_TORNDOWN (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType GPADL_TORNDOWN = new ChannelMessageType(12, "GPADL_TORNDOWN");
    /** 13 RELID_RELEASED (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType RELID_RELEASED = new ChannelMessageType(13, "RELID_RELEASED");
    /** 14 INITIATE_CONTACT (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType INITIATE_CONTACT = new ChannelMessageType(14, "INITIATE_CONTACT");
    /** 15 VERSION_RESPONSE (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType VERSION_RESPONSE = new ChannelMessageType(15, "VERSION_RESPONSE");
    /** 16 UNLOAD (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType UNLOAD = new ChannelMessageType(16, "UNLOAD");
    /** 17 UNLOAD_RESPONSE (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType UNLOAD_RESPONSE = new ChannelMessageType(17, "UNLOAD_RESPONSE");
    /** 18 OPEN_RESERVED_CHANNEL (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType OPEN_RESERVED_CHANNEL = new ChannelMessageType(18, "OPEN_RESERVED_CHANNEL");
    /** 19 CLOSE_RESERVED_CHANNEL (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType CLOSE_RESERVED_CHANNEL = new ChannelMessageType(19, "CLOSE_RESERVED_CHANNEL");
    /** 20 CLOSE_RESERVED_RESPONSE (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType CLOSE_RESERVED_RESPONSE = new ChannelMessageType(20, "CLOSE_RESERVED_RESPONSE");
    /** 21 TL_CONNECT_REQUEST (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType TL_CONNECT_REQUEST = new ChannelMessageType(21, "TL_CONNECT_REQUEST");
    /** 22 MODIFYCHANNEL (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType MODIFYCHANNEL = new ChannelMessageType(22, "MODIFYCHANNEL");
    /** 23 TL_CONNECT_RESULT (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType TL_CONNECT_RESULT = new ChannelMessageType(23, "TL_CONNECT_RESULT");
    /** 24 MODIFYCHANNEL_RESPONSE (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType MODIFYCHANNEL_RESPONSE = new ChannelMessageType(24, "MODIFYCHANNEL_RESPONSE");
    /** 25 MODIFY_CONNECTION (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType MODIFY_CONNECTION = new ChannelMessageType(25, "MODIFY_CONNECTION");
    /** 26 MODIFY_CONNECTION_RESPONSE (vmbus-core.md §2.1; MSVM ChannelMessages.h). */
    public static final ChannelMessageType MODIFY_CONNECTION_RESPONSE = new ChannelMessageType(26, "MODIFY_CONNECTION_RESPONSE");

    /** Every type this codec knows, by number 0–26 (vmbus-core.md §2.1). */
    public static final List<ChannelMessageType> KNOWN = List.of(INVALID, OFFERCHANNEL, RESCIND_CHANNELOFFER, REQUESTOFFERS, ALLOFFERS_DELIVERED, OPENCHANNEL, OPENCHANNEL_RESULT, CLOSECHANNEL, GPADL_HEADER, GPADL_BODY, GPADL_CREATED, GPADL_TEARDOWN, GPADL_TORNDOWN, RELID_RELEASED, INITIATE_CONTACT, VERSION_RESPONSE, UNLOAD, UNLOAD_RESPONSE, OPEN_RESERVED_CHANNEL, CLOSE_RESERVED_CHANNEL, CLOSE_RESERVED_RESPONSE, TL_CONNECT_REQUEST, MODIFYCHANNEL, TL_CONNECT_RESULT, MODIFYCHANNEL_RESPONSE, MODIFY_CONNECTION, MODIFY_CONNECTION_RESPONSE);

    private final int code;
    private final String name;

    private ChannelMessageType(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /**
     * The type with this wire value; never throws.
     *
     * @param code the u32 msgtype
     * @return a known constant, or a new unknown type named {@code UNKNOWN}
     */
    public static ChannelMessageType valueOf(int code) {
        if (code >= 0 && code < KNOWN.size()) {
            return KNOWN.get(code);
        }
        return new ChannelMessageType(code, "UNKNOWN");
    }

    /** @return the wire value */
    public int code() {
        return code;
    }

    /** @return the fact-sheet name, or {@code UNKNOWN} */
    public String name() {
        return name;
    }

    /** @return whether this is one of {@link #KNOWN} */
    public boolean isKnown() {
        return code >= 0 && code < KNOWN.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelMessageType t && t.code == code;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(code);
    }

    /** @return {@code NAME(0xNN)} */
    @Override
    public String toString() {
        return String.format("%s(0x%02x)", name, code);
    }
}
