package org.hvref.ic.protocol;

import java.util.Objects;

/**
 * The fields of an IC message header (devices-ic-input-video.md §1.2; layout {@link IcHeaderDescriptor}).
 *
 * @param frameworkVersion icverframe
 * @param messageType      icmsgtype
 * @param messageVersion   icvermsg
 * @param messageSize      icmsgsize, payload bytes after offset 28 (u16)
 * @param status           HRESULT ({@link IcStatus})
 * @param transactionId    ictransaction_id (u8)
 * @param flags            icflags (u8, {@link IcFlags})
 */
public record IcHeader(IcVersion frameworkVersion, IcMessageType messageType, IcVersion messageVersion,
                       int messageSize, int status, int transactionId, int flags) {
    /** Checks the widths of the numeric fields. */
    public IcHeader {
        Objects.requireNonNull(frameworkVersion, "frameworkVersion");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(messageVersion, "messageVersion");
        if (messageSize < 0 || messageSize > 0xFFFF) {
            throw new IllegalArgumentException("icmsgsize: " + messageSize + " (expected: u16)");
        }
        if (transactionId < 0 || transactionId > 0xFF) {
            throw new IllegalArgumentException("ictransaction_id: " + transactionId + " (expected: u8)");
        }
        if (flags < 0 || flags > 0xFF) {
            throw new IllegalArgumentException("icflags: " + flags + " (expected: u8)");
        }
    }

    /**
     * A host request header: TRANSACTION|REQUEST, status 0, transaction id 0 (ic §1.2, §1.4 host step 1).
     *
     * @param type        icmsgtype
     * @param framework   icverframe (zero for NEGOTIATE)
     * @param message     icvermsg (zero for NEGOTIATE)
     * @param messageSize icmsgsize
     * @return the header
     */
    public static IcHeader hostRequest(IcMessageType type, IcVersion framework, IcVersion message, int messageSize) {
        return new IcHeader(framework, type, message, messageSize, IcStatus.S_OK, 0, IcFlags.HOST_REQUEST);
    }

    /** @return a copy with {@code messageSize} replaced */
    public IcHeader withMessageSize(int size) {
        return new IcHeader(frameworkVersion, messageType, messageVersion, size, status, transactionId, flags);
    }

    /** @return a copy with {@code status} replaced */
    public IcHeader withStatus(int newStatus) {
        return new IcHeader(frameworkVersion, messageType, messageVersion, messageSize, newStatus, transactionId,
                flags);
    }

    /** @return a copy with {@code flags} replaced */
    public IcHeader withFlags(int newFlags) {
        return new IcHeader(frameworkVersion, messageType, messageVersion, messageSize, status, transactionId,
                newFlags);
    }

    @Override
    public String toString() {
        return "IcHeader[fw=" + frameworkVersion + ", type=" + messageType + ", msg=" + messageVersion + ", size="
                + messageSize + ", status=" + IcStatus.describe(status) + ", txid=" + transactionId + ", flags=0x"
                + Integer.toHexString(flags) + "]";
    }
}
