package org.hvref.ic.protocol;

import java.util.List;

/**
 * The NEGOTIATE payload: framework versions, then service message versions (devices-ic-input-video.md §1.4; layout
 * {@link IcNegotiateDescriptor}). A host request lists what it offers; a successful guest response lists exactly one
 * of each, a failed one none.
 *
 * @param frameworkVersions icversion_data[0 .. icframe_vercnt)
 * @param messageVersions   icversion_data[icframe_vercnt .. icframe_vercnt + icmsg_vercnt)
 */
public record IcNegotiate(List<IcVersion> frameworkVersions, List<IcVersion> messageVersions) {
    /** Copies the lists; each count must fit a u16. */
    public IcNegotiate {
        frameworkVersions = List.copyOf(frameworkVersions);
        messageVersions = List.copyOf(messageVersions);
        if (frameworkVersions.size() > 0xFFFF || messageVersions.size() > 0xFFFF) {
            throw new IllegalArgumentException("negotiate counts: " + frameworkVersions.size() + "/"
                    + messageVersions.size() + " (expected: u16 each)");
        }
    }

    /** @return icmsgsize of this payload: 8 + 4 * (fw + msg) */
    public int messageSize() {
        return IcNegotiateDescriptor.messageSize(frameworkVersions.size(), messageVersions.size());
    }

    /** @return whether this is a successful answer: exactly one framework and one message version (ic §1.4) */
    public boolean isSingleChoice() {
        return frameworkVersions.size() == 1 && messageVersions.size() == 1;
    }
}
