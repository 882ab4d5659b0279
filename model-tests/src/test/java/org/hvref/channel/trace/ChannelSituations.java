package org.hvref.channel.trace;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the situations of issue 3 §3 that generated traces reached (for the coverage report and its assertion):
 * rescinds while opening, with a GPADL pending and with the ring open; unloads with a GPADL outstanding; re-offers
 * of a released relid; reconnects; opens the device refused.
 */
public final class ChannelSituations {
    /** Situation names, in report order. */
    public static final List<String> NAMES = List.of("rescindWhileOpening", "rescindWithGpadlPending",
            "rescindWithRingOpen", "unloadWithGpadlOutstanding", "reofferAfterRelease", "reconnect", "openRefused");

    private ChannelSituations() {
    }

    /**
     * @param traces traces of channel/CONTRACT.md events
     * @return how often each situation of {@link #NAMES} occurs in them
     */
    public static Map<String, Long> count(List<List<Map<String, Object>>> traces) {
        Map<String, Long> n = new TreeMap<>();
        NAMES.forEach(k -> n.put(k, 0L));
        for (List<Map<String, Object>> t : traces) {
            Set<Object> hostOpening = new HashSet<>();
            Set<Object> guestOpen = new HashSet<>();
            Map<Object, Object> pendingGpadls = new TreeMap<>(); // handle -> relid
            Set<Object> released = new HashSet<>();
            boolean unloaded = false;
            for (Map<String, Object> e : t) {
                Object r = e.get("r");
                Object h = e.get("h");
                switch ((String) e.get("e")) {
                    case "HostRcvOpenChannel" -> hostOpening.add(r);
                    case "HostSendOpenResult" -> hostOpening.remove(r);
                    case "GuestRcvOpenResult" -> {
                        if (Boolean.TRUE.equals(e.get("ok"))) {
                            guestOpen.add(r);
                        } else {
                            n.merge("openRefused", 1L, Long::sum);
                        }
                    }
                    case "GuestSendCloseChannel", "GuestCloseRescindedChannel" -> guestOpen.remove(r);
                    case "GuestSendGpadlHeader" -> pendingGpadls.put(h, r);
                    case "GuestRcvGpadlCreated" -> pendingGpadls.remove(h);
                    case "HostSendRescind" -> {
                        if (hostOpening.remove(r)) {
                            n.merge("rescindWhileOpening", 1L, Long::sum);
                        }
                        if (pendingGpadls.containsValue(r)) {
                            n.merge("rescindWithGpadlPending", 1L, Long::sum);
                        }
                        if (guestOpen.contains(r)) {
                            n.merge("rescindWithRingOpen", 1L, Long::sum);
                        }
                    }
                    case "HostRcvRelidReleased" -> released.add(r);
                    case "HostSendOffer" -> {
                        if (released.contains(r)) {
                            n.merge("reofferAfterRelease", 1L, Long::sum);
                        }
                    }
                    case "GuestSendUnload" -> {
                        if (!pendingGpadls.isEmpty()) {
                            n.merge("unloadWithGpadlOutstanding", 1L, Long::sum);
                        }
                    }
                    case "GuestRcvUnloadResponse" -> {
                        unloaded = true;
                        hostOpening.clear();
                        guestOpen.clear();
                        pendingGpadls.clear();
                    }
                    case "GuestSendInitiateContact" -> {
                        if (unloaded) {
                            n.merge("reconnect", 1L, Long::sum);
                            unloaded = false;
                        }
                    }
                    default -> {
                        // no situation
                    }
                }
            }
        }
        return n;
    }
}
