package org.hvref.channel.host;

import java.util.UUID;
import org.hvref.channel.protocol.ProtocolVersion;

/**
 * The connection the host accepted from INITIATE_CONTACT (vmbus-core.md §2.2, §3); the adapter uses it to target
 * its messages.
 *
 * @param version                  the negotiated version
 * @param features                 the negotiated Copper features (0 below 6.0)
 * @param targetVp                 VP receiving control messages (0 below 3.0)
 * @param messageSint              SINT receiving control messages: 2, or msg_sint from a 5.0+ contact on port 4
 * @param messageVtl               VTL of the guest: 0, or msg_vtl from a 5.1+ contact on port 4
 * @param parentToChildMonitorPage monitor page 1 GPA (0 = none)
 * @param childToParentMonitorPage monitor page 2 GPA (0 = none)
 * @param interruptPage            interrupt page GPA below 5.0, else 0
 * @param clientId                 client id (Copper feature 0x8), or {@code null}
 */
public record HostConnection(ProtocolVersion version, int features, int targetVp, int messageSint, int messageVtl,
        long parentToChildMonitorPage, long childToParentMonitorPage, long interruptPage, UUID clientId) {
    /** The SINT VMBus messages go to unless a 5.0+ guest asks otherwise (vmbus-core.md §1.5). */
    public static final int VMBUS_SINT = 2;
}
