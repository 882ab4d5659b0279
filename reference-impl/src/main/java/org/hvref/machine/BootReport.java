package org.hvref.machine;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.trace.TraceEvent;

/**
 * What one boot of the {@link ReferenceGuest} did.
 *
 * @param hostNewest          newest version the host accepts
 * @param version             version negotiated
 * @param messageConnectionId connection id of later messages (vmbus-core.md §1.5)
 * @param offered             channels offered (in offer order)
 * @param opened              channels the guest opened
 * @param gpadlsCreated       GPADLs created
 * @param gpadlsTornDown      handles of the GPADLs torn down, in order
 * @param packets             echoes exchanged intact
 * @param modifiedTargetVp    whether MODIFYCHANNEL was used (4.1+)
 * @param unloaded            whether UNLOAD completed
 * @param events              the shared trace (host and guest, one total order) when recorded, else empty
 * @param ringTraces          the VmbusRing traces of the channels whose rings were traced
 */
public record BootReport(ProtocolVersion hostNewest, ProtocolVersion version, int messageConnectionId,
        List<Channel> offered, List<Channel> opened, List<Gpadl> gpadlsCreated, List<Integer> gpadlsTornDown,
        EchoExchange.PacketCounts packets, boolean modifiedTargetVp, boolean unloaded, List<TraceEvent> events,
        List<ChannelRingTraces> ringTraces) {

    /** Copies. */
    public BootReport {
        Objects.requireNonNull(version, "version");
        offered = List.copyOf(offered);
        opened = List.copyOf(opened);
        gpadlsCreated = List.copyOf(gpadlsCreated);
        gpadlsTornDown = List.copyOf(gpadlsTornDown);
        events = List.copyOf(events);
        ringTraces = List.copyOf(ringTraces);
    }

    /** @return the spec actions (event names) of the trace */
    public SortedSet<String> actionsSeen() {
        SortedSet<String> seen = new TreeSet<>();
        events.forEach(e -> seen.add(e.action()));
        return seen;
    }

    /**
     * A channel.
     *
     * @param relid     its relid
     * @param classGuid its class (interface type)
     * @param instance  its instance GUID
     */
    public record Channel(int relid, UUID classGuid, UUID instance) {
    }

    /**
     * A GPADL.
     *
     * @param handle its handle
     * @param relid  its channel
     * @param pages  its page count
     * @param ring   whether it backs a ring
     */
    public record Gpadl(int handle, int relid, int pages, boolean ring) {
    }
}
