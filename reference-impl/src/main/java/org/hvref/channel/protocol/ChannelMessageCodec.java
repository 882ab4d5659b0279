package org.hvref.channel.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Channel-management messages to bytes and back (vmbus-core.md §2), driven by {@link ChannelMessageCatalog}.
 *
 * <p>Decoding checks, in order: the 8-byte header is present ({@link ChannelMessageError#TOO_SHORT}); the type
 * has a codec ({@code UNKNOWN_TYPE}); the type is allowed at the negotiated version ({@code NOT_AT_VERSION}); the
 * length is one of the type's lengths at that version ({@code BAD_SIZE}, or {@code NOT_AT_VERSION} for a newer
 * variant) or, for GPADL messages, a valid count of PFNs ({@code BAD_COUNT}); then the record validates its fields
 * ({@code INVALID_FIELD}). The header's padding word is ignored. Nothing outside {@code [0, length)} is read.
 *
 * <p>With the connection's negotiated {@link FeatureFlags} ({@link #decode(byte[], int, ProtocolVersion,
 * FeatureFlags)}) the decoder also applies the feature rules of vmbus-core.md §2.1–§2.2
 * ({@code FEATURE_NOT_NEGOTIATED}): a type that needs a feature (MODIFY_CONNECTION and its response: 0x4) is
 * refused without it; a VERSION_RESPONSE may grant only features that were requested; and the OPENCHANNEL extension
 * is read only as far as its features were negotiated (OVMM interprets it only then and ignores the bytes otherwise):
 * connection_id and event_flag need 0x1, the REDIRECT_INTERRUPT bit 0x2, and with neither the message decodes as the
 * 148-byte form. The three-argument decode applies none of these rules (features not yet known or not checked).
 */
public final class ChannelMessageCodec {

    private ChannelMessageCodec() {
    }

    /**
     * Encodes a message at a version, choosing the size variant the version (and the record's optional parts) call
     * for.
     *
     * @param message the message
     * @param version the negotiated (or, for INITIATE_CONTACT, requested) version
     * @return header + body, exactly the message's length
     * @throws IllegalArgumentException if the message or its variant is not allowed at the version
     */
    public static byte[] encode(ChannelMessage message, ProtocolVersion version) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(version, "version");
        ChannelMessageCatalog.Entry<?> entry = ChannelMessageCatalog.forMessage(message);
        if (!entry.allowedAt(version)) {
            throw new IllegalArgumentException("message type " + entry.type() + " at " + version
                    + ": not allowed (expected: version >= " + entry.minVersion() + ")");
        }
        int length = entry.lengthOf(message, version);
        byte[] out = new byte[length];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ChannelMessageHeaderDescriptor.MESSAGE_TYPE_OFFSET, entry.type().code());
        entry.write(b, message);
        return out;
    }

    /**
     * Decodes a message received after a version was negotiated.
     *
     * @param payload bytes holding the message from offset 0
     * @param length  the SynIC payload size
     * @param version the negotiated version (for VERSION_RESPONSE: the one requested)
     * @return the message
     * @throws MalformedChannelMessageException if the peer's bytes are not an acceptable message
     */
    public static ChannelMessage decode(byte[] payload, int length, ProtocolVersion version) {
        return decodeAt(payload, length, Objects.requireNonNull(version, "version"), null);
    }

    /**
     * Decodes a message received on a connection with negotiated features, applying the feature rules (see the
     * class comment).
     *
     * @param payload    bytes holding the message from offset 0
     * @param length     the SynIC payload size
     * @param version    the negotiated version (for VERSION_RESPONSE: the one requested)
     * @param negotiated the negotiated features (for VERSION_RESPONSE: the ones requested; {@link FeatureFlags#NONE}
     *                   below 6.0)
     * @return the message
     * @throws MalformedChannelMessageException if the peer's bytes are not an acceptable message
     */
    public static ChannelMessage decode(byte[] payload, int length, ProtocolVersion version,
            FeatureFlags negotiated) {
        return decodeAt(payload, length, Objects.requireNonNull(version, "version"),
                Objects.requireNonNull(negotiated, "negotiated"));
    }

    /**
     * Encodes a message on a connection with negotiated features.
     *
     * @param message    the message
     * @param version    the negotiated version
     * @param negotiated the negotiated features
     * @return header + body
     * @throws IllegalArgumentException if the message, its variant, or a feature it needs is not allowed
     */
    public static byte[] encode(ChannelMessage message, ProtocolVersion version, FeatureFlags negotiated) {
        Objects.requireNonNull(message, "message");
        ChannelMessageCatalog.Entry<?> entry = ChannelMessageCatalog.forMessage(message);
        if (!entry.allowedWith(negotiated)) {
            throw new IllegalArgumentException("message type " + entry.type() + ": needs "
                    + FeatureFlags.of(entry.requiredFeatures()) + " (expected: negotiated features " + negotiated
                    + " to include it)");
        }
        return encode(message, version);
    }

    /**
     * Decodes a message received before any version was negotiated: only the types the catalog allows at any
     * version (INITIATE_CONTACT, VERSION_RESPONSE in its 16-byte form, CLOSE_RESERVED_CHANNEL) are accepted.
     *
     * @param payload bytes holding the message from offset 0
     * @param length  the SynIC payload size
     * @return the message
     * @throws MalformedChannelMessageException if the peer's bytes are not an acceptable message
     */
    public static ChannelMessage decodeBeforeContact(byte[] payload, int length) {
        return decodeAt(payload, length, null, null);
    }

    private static ChannelMessage decodeAt(byte[] payload, int length, ProtocolVersion version,
            FeatureFlags negotiated) {
        Objects.requireNonNull(payload, "payload");
        if (length < 0 || length > payload.length) {
            throw new IllegalArgumentException("length: " + length + " (expected: 0.." + payload.length + ")");
        }
        if (length < ChannelMessageHeaderDescriptor.LENGTH) {
            throw new MalformedChannelMessageException(ChannelMessageError.TOO_SHORT,
                    "message too small: " + length + " bytes (expected: 8+ bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(payload, 0, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        int code = b.getInt(ChannelMessageHeaderDescriptor.MESSAGE_TYPE_OFFSET);
        ChannelMessageType type = ChannelMessageType.valueOf(code);
        ChannelMessageCatalog.Entry<?> entry = ChannelMessageCatalog.forType(code).orElseThrow(() ->
                new MalformedChannelMessageException(ChannelMessageError.UNKNOWN_TYPE,
                        "message type: " + type + " (expected: 1..26)"));
        String at = version == null ? "before contact" : "at " + version;
        if (!entry.allowedAt(version)) {
            throw new MalformedChannelMessageException(ChannelMessageError.NOT_AT_VERSION,
                    "message type " + type + " " + at + ": not allowed (expected: version >= " + entry.minVersion() + ")");
        }
        checkSize(type, entry.sizes(), length, version, at);
        if (negotiated != null) {
            negotiated.require(entry.requiredFeatures(), "message type " + type);
        }
        ChannelMessage message;
        try {
            message = entry.reader().read(b, length, version);
        } catch (IllegalArgumentException e) {
            throw new MalformedChannelMessageException(ChannelMessageError.INVALID_FIELD, e.getMessage());
        }
        return negotiated == null ? message : applyFeatures(message, negotiated);
    }

    /** The feature rules that depend on the message's contents (vmbus-core.md §2.2). */
    private static ChannelMessage applyFeatures(ChannelMessage message, FeatureFlags negotiated) {
        if (message instanceof VersionResponse r) {
            FeatureFlags granted = FeatureFlags.of(r.supportedFeatures());
            if (!granted.isSubsetOf(negotiated)) {
                throw new MalformedChannelMessageException(ChannelMessageError.FEATURE_NOT_NEGOTIATED,
                        "version response supported features: " + granted + " (expected: within the requested "
                                + negotiated + ")");
            }
            return r;
        }
        if (message instanceof OpenChannel o && o.hasExtension()) {
            boolean signal = negotiated.guestSpecifiedSignalParameters();
            boolean redirect = negotiated.channelInterruptRedirection();
            if (!signal && !redirect) {
                return new OpenChannel(o.childRelid(), o.openId(), o.ringGpadl(), o.targetVp(),
                        o.downstreamPageOffset(), o.userData(), null);
            }
            OpenChannel.Extension e = o.extension();
            OpenChannel.Extension seen = new OpenChannel.Extension(signal ? e.connectionId() : 0,
                    signal ? e.eventFlag() : 0,
                    redirect ? e.flags() : e.flags() & ~OpenChannel.Extension.REDIRECT_INTERRUPT);
            return new OpenChannel(o.childRelid(), o.openId(), o.ringGpadl(), o.targetVp(), o.downstreamPageOffset(),
                    o.userData(), seen);
        }
        return message;
    }

    private static void checkSize(ChannelMessageType type, SizeRule rule, int length, ProtocolVersion version,
            String at) {
        String name = type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (rule instanceof SizeRule.Fixed fixed) {
            for (SizeRule.Variant v : fixed.variants()) {
                if (v.length() == length) {
                    if (v.allowedAt(version)) {
                        return;
                    }
                    throw new MalformedChannelMessageException(ChannelMessageError.NOT_AT_VERSION,
                            name + " " + at + ": " + length + " bytes (expected: " + fixed.expected() + ")");
                }
            }
            throw new MalformedChannelMessageException(ChannelMessageError.BAD_SIZE,
                    name + ": " + length + " bytes (expected: " + fixed.expected() + ")");
        }
        SizeRule.Repeated r = (SizeRule.Repeated) rule;
        if (length < r.base() || (length - r.base()) % r.itemLength() != 0) {
            throw new MalformedChannelMessageException(ChannelMessageError.BAD_SIZE,
                    name + ": " + length + " bytes (expected: " + r.expected() + ")");
        }
        int items = (length - r.base()) / r.itemLength();
        if (items < r.minItems() || items > r.maxItems()) {
            throw new MalformedChannelMessageException(ChannelMessageError.BAD_COUNT,
                    name + ": " + items + " " + r.what() + " (expected: " + (r.minItems() == 0 ? "<= " + r.maxItems()
                            : r.minItems() + ".." + r.maxItems()) + ")");
        }
    }
}
