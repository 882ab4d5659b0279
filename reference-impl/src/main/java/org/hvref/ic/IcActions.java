package org.hvref.ic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.SpecTracer;

/** Names of the {@code IcNegotiation} spec actions the IC code performs, and the event recording (ic/CONTRACT-IcNegotiation.md). */
public final class IcActions {
    /** The TLA+ module (spec/src/tla/ic/IcNegotiation.tla). */
    public static final String SPEC = "IcNegotiation";
    /** Host sends NEGOTIATE with its offer; fields {@code hfw}, {@code hmsg} (version lists). */
    public static final String HOST_SEND_NEGOTIATE = "HostSendNegotiate";
    /**
     * Guest handles NEGOTIATE; fields {@code policy}, {@code gfw}, {@code gmsg} (its configuration), {@code ok},
     * {@code resp} (whether it answers) and, when ok, {@code fw}, {@code msg}.
     */
    public static final String GUEST_RCV_NEGOTIATE = "GuestRcvNegotiate";
    /** Host handles the negotiate response; fields {@code ok} and, when ok, {@code fw}, {@code msg}. */
    public static final String HOST_RCV_NEGOTIATE_RESPONSE = "HostRcvNegotiateResponse";
    /** Host gives up waiting for the negotiate response (its timer fired); no fields. */
    public static final String HOST_NEGOTIATE_TIMEOUT = "HostNegotiateTimeout";
    /** Host sends a service request on a negotiated channel; no fields. */
    public static final String HOST_SEND_REQUEST = "HostSendRequest";
    /** Guest answers a request (before acting on it); field {@code ok} (status S_OK). */
    public static final String GUEST_RCV_REQUEST = "GuestRcvRequest";
    /** Guest hands an answered request to its consumer; no fields. */
    public static final String GUEST_DELIVER_REQUEST = "GuestDeliverRequest";
    /** Host handles the response to its request; field {@code ok} (status S_OK). */
    public static final String HOST_RCV_RESPONSE = "HostRcvResponse";

    private IcActions() {
    }

    /** @return the versions as trace numbers ({@link IcVersion#toLinuxInt()}) */
    static List<Integer> numbers(List<IcVersion> versions) {
        return versions.stream().map(IcVersion::toLinuxInt).toList();
    }

    /** Records {@code action} with name/value pairs under the tracer's lock, if it is enabled. */
    static void record(SpecTracer tracer, String action, Object... fields) {
        if (!tracer.enabled()) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        synchronized (tracer.lock()) {
            tracer.record(action, m);
        }
    }
}
