package org.hvref.channel.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Type 9, a continuation of a GPADL's range buffer (vmbus-core.md §2.2 GPADL_BODY; layout
 * {@link GpadlBodyDescriptor}).
 *
 * @param msgNumber u32, sent as 0 and ignored by every implementation (§11 item 8)
 * @param gpadl     handle
 * @param pfns      1..28 u64 values continuing the range buffer
 */
public record GpadlBody(int msgNumber, int gpadl, List<Long> pfns) implements ChannelMessage {

    /** Validates. */
    public GpadlBody {
        pfns = List.copyOf(Objects.requireNonNull(pfns, "pfns"));
        Checks.check(!pfns.isEmpty() && pfns.size() <= GpadlBodyDescriptor.MAX_PFNS,
                "gpadl body: " + pfns.size() + " pfns (expected: 1.." + GpadlBodyDescriptor.MAX_PFNS + ")");
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.GPADL_BODY;
    }
}
