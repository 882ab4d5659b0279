package org.hvref.channel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The channel trace checker bites: real traces of the reference host and guest, mutated the ways a broken
 * implementation or tracer would differ, are rejected by TLC exactly at the mutated event, or for a dropped receive in the window it must fall into (one run of
 * {@code TraceVmbusChannelAll}, a verdict per trace). Each mutation is chosen so that its rejection point is known
 * by construction:
 * <ul>
 * <li>ALTER: a field a receive event must take from the message it consumes ({@code r}, {@code h}, {@code v}, the
 * {@code ok} of a version response or open result) is changed at k: rejected at k;
 * <li>DUPLICATE_SEND: a send whose state change forbids an immediate repeat (open, close, unload, request offers,
 * GPADL header, relid released, modify, rescind, open result) is logged twice: rejected at the copy, k+1;
 * <li>RECEIVE_BEFORE_SEND: the receive of an open, close, unload, rescind or open result is moved before its send
 * at k: rejected at k (no such message can be in flight then);
 * <li>DROP_RECEIVE: a receive event is removed at k: rejected at k at the earliest and at the same side's next
 * receive at the latest, which finds the dropped message at the head of its queue (only when that receive differs
 * from the dropped one); in between, a step that needed the lost state change may already fail.
 * </ul>
 */
class ChannelTraceMutationTest {
    /** Seed of the base traces and mutation positions. */
    static final long SEED = Long.getLong("hvref.chmutation.seed", 0x5EED_C4A7L);

    enum Mutation { ALTER, DUPLICATE_SEND, RECEIVE_BEFORE_SEND, DROP_RECEIVE }

    record Mutant(Mutation kind, int base, int expectedAt, int latest, String what, List<Map<String, Object>> trace) {
    }

    static final Set<String> NO_REPEAT_SENDS = Set.of("GuestSendOpenChannel", "GuestSendCloseChannel",
            "GuestSendUnload", "GuestSendRequestOffers", "GuestSendGpadlHeader", "GuestSendRelidReleased",
            "GuestSendModifyChannel", "HostSendRescind", "HostSendOpenResult");

    static final Map<String, String> RECEIVE_OF = Map.of("GuestSendOpenChannel", "HostRcvOpenChannel",
            "GuestSendCloseChannel", "HostRcvCloseChannel", "GuestSendUnload", "HostRcvUnload",
            "HostSendRescind", "GuestRcvRescind", "HostSendOpenResult", "GuestRcvOpenResult");

    @Test
    void mutatedTracesAreRejectedAtTheMutatedEvent() {
        Random rnd = new Random(SEED);
        List<List<Map<String, Object>>> bases = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            bases.add(ChannelScenarios.deterministic(rnd.nextLong(), 80 + rnd.nextInt(120)).trace());
        }
        List<Mutant> mutants = new ArrayList<>();
        Map<Mutation, Integer> perKind = new EnumMap<>(Mutation.class);
        for (int b = 0; b < bases.size(); b++) {
            for (Mutation m : Mutation.values()) {
                for (int copy = 0; copy < 3; copy++) {
                    Mutant mu = mutate(bases.get(b), b, m, rnd);
                    if (mu != null) {
                        mutants.add(mu);
                        perKind.merge(m, 1, Integer::sum);
                    }
                }
            }
        }
        for (Mutation m : Mutation.values()) {
            assertTrue(perKind.getOrDefault(m, 0) >= 10, "mutants of kind " + m + ": " + perKind.get(m)
                    + " (expected: >= 10; seed " + SEED + ")");
        }
        List<List<Map<String, Object>>> batch = new ArrayList<>(bases);
        mutants.forEach(mu -> batch.add(mu.trace()));
        int[] verdict = ChannelTraceChecker.verdictPerTrace(batch);
        for (int b = 0; b < bases.size(); b++) {
            assertEquals(-1, verdict[b], "base trace " + b + " (expected: accepted; seed " + SEED + ")");
        }
        for (int i = 0; i < mutants.size(); i++) {
            Mutant mu = mutants.get(i);
            int got = verdict[bases.size() + i];
            assertTrue(got >= mu.expectedAt() && got <= mu.latest(), mu.kind() + " of " + mu.what() + " in base "
                    + mu.base() + " (seed " + SEED + "): rejected at " + got + " (expected: at " + mu.expectedAt()
                    + (mu.latest() == mu.expectedAt() ? "" : ".." + mu.latest()) + ", event "
                    + mu.trace().get(mu.latest()) + ")");
        }
        System.out.println("[channel trace mutation seed=" + SEED + "] " + mutants.size() + " mutants of "
                + bases.size() + " real traces, each rejected by TLC at the mutated event: " + perKind);
    }

    private static Mutant mutate(List<Map<String, Object>> base, int b, Mutation kind, Random rnd) {
        List<Integer> candidates = new ArrayList<>();
        for (int k = 0; k < base.size(); k++) {
            if (!base.get(k).containsKey("err") && !initialOffer(base, k) && applicable(base, k, kind)) {
                candidates.add(k);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        int k = candidates.get(rnd.nextInt(candidates.size()));
        List<Map<String, Object>> t = new ArrayList<>(base);
        switch (kind) {
            case ALTER -> {
                Map<String, Object> e = new LinkedHashMap<>(t.get(k));
                String f = alterable(e).get(rnd.nextInt(alterable(e).size()));
                e.put(f, f.equals("ok") ? !(Boolean) e.get("ok") : ((Number) e.get(f)).intValue() + 1000);
                t.set(k, e);
                return new Mutant(kind, b, k, k, base.get(k) + " at " + k, t);
            }
            case DUPLICATE_SEND -> {
                t.add(k + 1, t.get(k));
                return new Mutant(kind, b, k + 1, k + 1, base.get(k) + " at " + k, t);
            }
            case RECEIVE_BEFORE_SEND -> {
                int j = receiveOf(base, k);
                Map<String, Object> rcv = t.remove(j);
                t.add(k, rcv);
                return new Mutant(kind, b, k, k, base.get(k) + " at " + k, t);
            }
            case DROP_RECEIVE -> {
                int next = nextReceiveOfSide(base, k);
                t.remove(k);
                return new Mutant(kind, b, k, next - 1, base.get(k) + " at " + k, t);
            }
            default -> throw new AssertionError(kind);
        }
    }

    private static boolean applicable(List<Map<String, Object>> t, int k, Mutation kind) {
        String e = (String) t.get(k).get("e");
        return switch (kind) {
            case ALTER -> !alterable(t.get(k)).isEmpty();
            case DUPLICATE_SEND -> NO_REPEAT_SENDS.contains(e);
            case RECEIVE_BEFORE_SEND -> RECEIVE_OF.containsKey(e) && receiveOf(t, k) >= 0;
            case DROP_RECEIVE -> isReceive(e) && !e.equals("GuestDropMessage") && nextReceiveOfSide(t, k) >= 0
                    && !sameMessage(t.get(nextReceiveOfSide(t, k)), t.get(k))
                    && !t.get(nextReceiveOfSide(t, k)).get("e").equals("GuestDropMessage"); // that takes any message
        };
    }

    /**
     * Whether k is a GuestRcvOffer answering REQUESTOFFERS or the ALLOFFERS_DELIVERED after them: the trace spec derives the offers the host sent from
     * these events (CONTRACT.md), so changing or dropping one changes what the host is taken to have sent.
     */
    private static boolean initialOffer(List<Map<String, Object>> t, int k) {
        if (t.get(k).get("e").equals("GuestRcvAllOffersDelivered")) {
            return true; // ends the window of offers the host is taken to have sent
        }
        if (!t.get(k).get("e").equals("GuestRcvOffer")) {
            return false;
        }
        for (int j = k - 1; j >= 0; j--) {
            Object e = t.get(j).get("e");
            if (e.equals("GuestRcvAllOffersDelivered")) {
                return false;
            }
            if (e.equals("HostRcvRequestOffers")) {
                return true;
            }
        }
        return false;
    }

    /** Whether two receive events consume equal messages: a host receive's ok is its answer, not the message's. */
    private static boolean sameMessage(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> x = new LinkedHashMap<>(a);
        Map<String, Object> y = new LinkedHashMap<>(b);
        if (!guestSide((String) a.get("e"))) {
            x.remove("ok");
            y.remove("ok");
        }
        return x.equals(y);
    }

    /** The fields of a receive event that must equal the consumed message's. */
    private static List<String> alterable(Map<String, Object> e) {
        String name = (String) e.get("e");
        List<String> fields = new ArrayList<>();
        if (!isReceive(name)) {
            return fields;
        }
        for (String f : List.of("r", "h", "v")) {
            if (e.containsKey(f) && !(name.equals("HostRcvInitiateContact") && f.equals("v"))) {
                fields.add(f);
            }
        }
        if (e.containsKey("ok") && (name.equals("GuestRcvOpenResult") || name.equals("GuestRcvVersionResponse"))) {
            fields.add("ok");
        }
        return fields;
    }

    private static boolean isReceive(String e) {
        return e.startsWith("GuestRcv") || e.startsWith("HostRcv") || e.equals("GuestDropMessage");
    }

    private static boolean guestSide(String e) {
        return e.startsWith("Guest");
    }

    /** The first receive after k that consumes the message the send at k posted (same relid), or -1. */
    private static int receiveOf(List<Map<String, Object>> t, int k) {
        String rcv = RECEIVE_OF.get((String) t.get(k).get("e"));
        for (int j = k + 1; j < t.size(); j++) {
            Map<String, Object> e = t.get(j);
            if (e.get("e").equals(rcv) && java.util.Objects.equals(e.get("r"), t.get(k).get("r"))
                    && !e.containsKey("err")) {
                return j;
            }
            if (e.get("e").equals("GuestDropMessage") && guestSide(rcv)) {
                return -1; // the message may be the one dropped while unloading
            }
        }
        return -1;
    }

    /** The next receive event of the side of the receive at k (its next queue consumer), or -1. */
    private static int nextReceiveOfSide(List<Map<String, Object>> t, int k) {
        boolean guest = guestSide((String) t.get(k).get("e"));
        for (int j = k + 1; j < t.size(); j++) {
            String e = (String) t.get(j).get("e");
            if (isReceive(e) && guestSide(e) == guest) {
                return j;
            }
        }
        return -1;
    }
}
