package org.hvref.spec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-written Java-shaped host/guest traces (channel/CONTRACT.md) through TraceVmbusChannel. */
class ChannelTraceValidatorTest {

    private static final int V60 = 0x00060000;
    private static final int V53 = 0x00050003;
    private static final int V52 = 0x00050002;
    private static final int V50 = 0x00050000;
    private static final int V41 = 0x00040001;
    private static final int V40 = 0x00040000;
    private static final int RING = 0xE1E10;

    private static SpecFiles files;
    private static ChannelTraceValidator validator;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
        validator = new ChannelTraceValidator(TlcRunner.usingClasspath(), files);
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** An event: name, then field/value pairs. */
    static Map<String, Object> ev(String name, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("e", name);
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return m;
    }

    /** Version 6.0 refused, 5.3 accepted. */
    static List<Map<String, Object>> connect() {
        return connect(V60, V53);
    }

    /** Version {@code refused} refused, {@code accepted} accepted, offers of relids 1 and 2. */
    static List<Map<String, Object>> connect(int refused, int accepted) {
        return List.of(
                ev("GuestSendInitiateContact", "v", refused),
                ev("HostRcvInitiateContact", "v", refused, "ok", false),
                ev("GuestRcvVersionResponse", "v", refused, "ok", false),
                ev("GuestSendInitiateContact", "v", accepted),
                ev("HostRcvInitiateContact", "v", accepted, "ok", true),
                ev("GuestRcvVersionResponse", "v", accepted, "ok", true),
                ev("GuestSendRequestOffers"),
                ev("HostRcvRequestOffers"),
                ev("GuestRcvOffer", "r", 1),
                ev("GuestRcvOffer", "r", 2),
                ev("GuestRcvAllOffersDelivered"));
    }

    /**
     * A full session: connect with one refused version, two offers, a GPADL with two body fragments, open, modify,
     * close, teardown, rescind, release, re-offer, unload and reconnect.
     */
    static List<Map<String, Object>> fullSession() {
        List<Map<String, Object>> t = new ArrayList<>(connect());
        t.addAll(List.of(
                ev("GuestSendGpadlHeader", "r", 1, "h", RING, "n", 2),          // 11
                ev("GuestSendGpadlBody", "h", RING),
                ev("HostRcvGpadlHeader", "r", 1, "h", RING, "ok", true),         // 13
                ev("GuestSendGpadlBody", "h", RING),
                ev("HostRcvGpadlBody", "h", RING),
                ev("HostRcvGpadlBody", "h", RING, "ok", true),                  // 16
                ev("GuestRcvGpadlCreated", "r", 1, "h", RING, "ok", true),      // 17
                ev("GuestSendOpenChannel", "r", 1, "h", RING),
                ev("HostRcvOpenChannel", "r", 1, "h", RING),                    // 19
                ev("HostSendOpenResult", "r", 1, "ok", true),
                ev("GuestRcvOpenResult", "r", 1, "ok", true),
                ev("GuestSendModifyChannel", "r", 1),
                ev("HostRcvModifyChannel", "r", 1),
                ev("GuestRcvModifyChannelResponse", "r", 1, "ok", true),
                ev("GuestSendCloseChannel", "r", 1),
                ev("HostRcvCloseChannel", "r", 1),
                ev("GuestSendGpadlTeardown", "h", RING, "r", 1),
                ev("HostRcvGpadlTeardown", "h", RING, "r", 1),
                ev("GuestRcvGpadlTorndown", "h", RING),
                ev("HostSendRescind", "r", 2),                                  // 30
                ev("GuestRcvRescind", "r", 2),
                ev("GuestSendRelidReleased", "r", 2),
                ev("HostRcvRelidReleased", "r", 2),
                ev("HostSendOffer", "r", 2),
                ev("GuestRcvOffer", "r", 2),
                ev("GuestSendUnload"),
                ev("HostRcvUnload"),
                ev("GuestRcvUnloadResponse")));
        t.addAll(connect());
        return t;
    }

    /** {@link #connect(int, int)}, then relid 1 opened on the ring GPADL (events 11..17). */
    static List<Map<String, Object>> openRelid1(int refused, int accepted) {
        List<Map<String, Object>> t = new ArrayList<>(connect(refused, accepted));
        t.addAll(List.of(
                ev("GuestSendGpadlHeader", "r", 1, "h", RING, "n", 0),
                ev("HostRcvGpadlHeader", "r", 1, "h", RING, "ok", true),
                ev("GuestRcvGpadlCreated", "r", 1, "h", RING, "ok", true),
                ev("GuestSendOpenChannel", "r", 1, "h", RING),
                ev("HostRcvOpenChannel", "r", 1, "h", RING),
                ev("HostSendOpenResult", "r", 1, "ok", true),
                ev("GuestRcvOpenResult", "r", 1, "ok", true)));
        return t;
    }

    static List<Map<String, Object>> concat(List<Map<String, Object>> first, List<Map<String, Object>> second) {
        List<Map<String, Object>> t = new ArrayList<>(first);
        t.addAll(second);
        return t;
    }

    /**
     * At 5.2 (5.3 refused): two MODIFYCHANNELs back to back (no response to wait for), the host takes both without
     * answering, the second after it revoked the channel; the guest releases the relid at once (events 18..26).
     */
    static List<Map<String, Object>> modifyWithoutResponseAt52() {
        return concat(openRelid1(V53, V52), List.of(
                ev("GuestSendModifyChannel", "r", 1),                           // 18
                ev("GuestSendModifyChannel", "r", 1),
                ev("HostRcvModifyChannel", "r", 1),                             // 20
                ev("HostSendRescind", "r", 1),
                ev("HostRcvModifyChannel", "r", 1),                             // 22
                ev("GuestRcvRescind", "r", 1),
                ev("GuestCloseRescindedChannel", "r", 1),
                ev("GuestSendRelidReleased", "r", 1),                           // 25
                ev("HostRcvRelidReleased", "r", 1)));
    }

    /**
     * At 5.3 (6.0 refused): a modify answered with success, then one the host answers with failure after it revoked
     * the channel; the guest waits for that answer before it releases the relid (events 18..28).
     */
    static List<Map<String, Object>> modifyWithResponseAt53() {
        return concat(openRelid1(V60, V53), List.of(
                ev("GuestSendModifyChannel", "r", 1),                           // 18
                ev("HostRcvModifyChannel", "r", 1, "ok", true),
                ev("GuestRcvModifyChannelResponse", "r", 1, "ok", true),        // 20
                ev("GuestSendModifyChannel", "r", 1),
                ev("HostSendRescind", "r", 1),
                ev("HostRcvModifyChannel", "r", 1),                             // 23: status from the guest's receipt
                ev("GuestRcvRescind", "r", 1),
                ev("GuestCloseRescindedChannel", "r", 1),                       // 25
                ev("GuestRcvModifyChannelResponse", "r", 1, "ok", false),
                ev("GuestSendRelidReleased", "r", 1),
                ev("HostRcvRelidReleased", "r", 1)));
    }

    /**
     * Guest versions 5.0, 4.1, 4.0 against a 4.0 host: 5.0 needs connection id 4, which the hypervisor cannot post
     * to, so the guest logs the contact and moves on at once (VmbusClient); 4.1 refused, 4.0 accepted; then unload
     * and a reconnect that skips 5.0 again.
     */
    static List<Map<String, Object>> undeliverableContact() {
        List<Map<String, Object>> connect = List.of(
                ev("GuestSendInitiateContact", "v", V50),
                ev("GuestSendInitiateContact", "v", V41),
                ev("HostRcvInitiateContact", "v", V41, "ok", false),
                ev("GuestRcvVersionResponse", "v", V41, "ok", false),
                ev("GuestSendInitiateContact", "v", V40),
                ev("HostRcvInitiateContact", "v", V40, "ok", true),
                ev("GuestRcvVersionResponse", "v", V40, "ok", true),
                ev("GuestSendRequestOffers"),
                ev("HostRcvRequestOffers"),
                ev("GuestRcvOffer", "r", 1),
                ev("GuestRcvAllOffersDelivered"));
        List<Map<String, Object>> t = new ArrayList<>(connect);
        t.addAll(List.of(ev("GuestSendUnload"), ev("HostRcvUnload"), ev("GuestRcvUnloadResponse")));
        t.addAll(connect);
        return t;
    }

    /** A refused GPADL (no body), a GPADL whose body count and status are derived, a failed open, a retry cut short by
     * a rescind (no open result follows), the release. */
    static List<Map<String, Object>> refusalsAndRescind() {
        return List.of(
                ev("GuestSendInitiateContact", "v", V40),
                ev("HostRcvInitiateContact", "v", V40, "ok", true),
                ev("GuestRcvVersionResponse", "v", V40, "ok", true),
                ev("GuestSendRequestOffers"),
                ev("HostRcvRequestOffers"),
                ev("GuestRcvOffer", "r", 5),
                ev("GuestRcvAllOffersDelivered"),
                ev("GuestSendGpadlHeader", "r", 5, "h", RING, "n", 0),
                ev("HostRcvGpadlHeader", "r", 5, "h", RING, "ok", false),
                ev("GuestRcvGpadlCreated", "r", 5, "h", RING, "ok", false),
                ev("GuestSendGpadlHeader", "r", 5, "h", RING + 1),               // 10
                ev("GuestSendGpadlBody", "h", RING + 1),
                ev("HostRcvGpadlHeader", "r", 5, "h", RING + 1, "ok", true),
                ev("HostRcvGpadlBody", "h", RING + 1),
                ev("GuestRcvGpadlCreated", "r", 5, "h", RING + 1, "ok", true),
                ev("GuestSendOpenChannel", "r", 5, "h", RING + 1),               // 15
                ev("HostRcvOpenChannel", "r", 5),
                ev("HostSendOpenResult", "r", 5, "ok", false),
                ev("GuestRcvOpenResult", "r", 5, "ok", false),
                ev("GuestSendOpenChannel", "r", 5, "h", RING + 1),
                ev("HostRcvOpenChannel", "r", 5),                                // 20
                ev("HostSendRescind", "r", 5),
                ev("GuestRcvRescind", "r", 5),
                ev("GuestSendRelidReleased", "r", 5),
                ev("HostRcvRelidReleased", "r", 5));
    }

    static List<Map<String, Object>> with(List<Map<String, Object>> trace, int index, Map<String, Object> event) {
        List<Map<String, Object>> copy = new ArrayList<>(trace);
        copy.set(index, event);
        return copy;
    }

    static List<Map<String, Object>> without(List<Map<String, Object>> trace, int index) {
        List<Map<String, Object>> copy = new ArrayList<>(trace);
        copy.remove(index);
        return copy;
    }

    static List<Map<String, Object>> inserted(List<Map<String, Object>> trace, int index, Map<String, Object> event) {
        List<Map<String, Object>> copy = new ArrayList<>(trace);
        copy.add(index, event);
        return copy;
    }

    static List<Map<String, Object>> swapped(List<Map<String, Object>> trace, int i, int j) {
        List<Map<String, Object>> copy = new ArrayList<>(trace);
        copy.set(i, trace.get(j));
        copy.set(j, trace.get(i));
        return copy;
    }

    static TraceVerdict.Rejected rejected(List<Map<String, Object>> trace) {
        TraceVerdict v = validator.validate(List.of(trace));
        return assertInstanceOf(TraceVerdict.Rejected.class, v, v.toString());
    }

    @Test
    void shouldAcceptAFullSessionAndRefusals() {
        TraceVerdict v = validator.validate(List.of(fullSession(), refusalsAndRescind()));
        TraceVerdict.Accepted a = assertInstanceOf(TraceVerdict.Accepted.class, v, v.toString());
        assertEquals(2, a.traces());
        assertEquals(fullSession().size() + refusalsAndRescind().size(), a.events());
        assertEquals(a.events() + 2, a.distinctStates(), "one state per event plus one initial state per trace");
    }

    @Test
    void shouldAcceptModifyWithoutResponseBelow5_3AndWithResponseFrom5_3() {
        TraceVerdict v = validator.validate(List.of(modifyWithoutResponseAt52(), modifyWithResponseAt53()));
        TraceVerdict.Accepted a = assertInstanceOf(TraceVerdict.Accepted.class, v, v.toString());
        assertEquals(modifyWithoutResponseAt52().size() + modifyWithResponseAt53().size(), a.events());
    }

    @Test
    void shouldRejectModifyResponsesBelow5_3AndMissingWaitsFrom5_3() {
        List<List<Map<String, Object>>> bad = List.of(
                // a MODIFYCHANNEL_RESPONSE at 5.2: the host sent none
                inserted(modifyWithoutResponseAt52(), 21, ev("GuestRcvModifyChannelResponse", "r", 1, "ok", true)),
                // the host reports a status at 5.2, where it answers nothing
                with(modifyWithoutResponseAt52(), 20, ev("HostRcvModifyChannel", "r", 1, "ok", true)),
                // at 5.3 a second modify before the first is answered
                inserted(modifyWithResponseAt53(), 19, ev("GuestSendModifyChannel", "r", 1)),
                // at 5.3 the relid released before the outstanding modify is answered
                swapped(modifyWithResponseAt53(), 26, 27),
                // a modify at 4.0 (MODIFYCHANNEL exists from 4.1; the guest refuses it locally)
                concat(openRelid1(V41, V40), List.of(ev("GuestSendModifyChannel", "r", 1))));
        List<Integer> expected = List.of(21, 20, 19, 26, 18);
        for (int i = 0; i < bad.size(); i++) {
            TraceVerdict.Rejected r = rejected(bad.get(i));
            assertEquals(expected.get(i), r.eventIndex(), "case " + i + ": " + r.message());
        }
    }

    @Test
    void shouldAcceptAContactTheHypervisorCouldNotPostWithOrWithoutItsEvent() {
        List<Map<String, Object>> logged = undeliverableContact();
        // the same versions if the skipped contact left no event: 5.0 is then simply absent
        List<Map<String, Object>> silent = without(without(logged, 14), 0);
        // a modify at 4.1 needs no response: 5.0 skipped, 4.1 accepted
        List<Map<String, Object>> at41 = List.of(
                ev("GuestSendInitiateContact", "v", V50),
                ev("GuestSendInitiateContact", "v", V41),
                ev("HostRcvInitiateContact", "v", V41, "ok", true),
                ev("GuestRcvVersionResponse", "v", V41, "ok", true));
        List<Map<String, Object>> modifyAt41 = new ArrayList<>(at41);
        modifyAt41.addAll(openRelid1(V53, V52).subList(6, 18));
        modifyAt41.addAll(List.of(ev("GuestSendModifyChannel", "r", 1), ev("HostRcvModifyChannel", "r", 1)));
        TraceVerdict v = validator.validate(List.of(logged, silent, modifyAt41));
        TraceVerdict.Accepted a = assertInstanceOf(TraceVerdict.Accepted.class, v, v.toString());
        assertEquals(3, a.traces());
        assertEquals(logged.size() + silent.size() + modifyAt41.size(), a.events());
    }

    @Test
    void shouldRejectASkippedContactTheHostReceivesLater() {
        // on the reconnect the host receives (and refuses) 5.0: then 5.0 was deliverable, and the first contact
        // cannot have been skipped without an answer
        List<Map<String, Object>> t = new ArrayList<>(undeliverableContact().subList(0, 14));
        t.addAll(List.of(
                ev("GuestSendInitiateContact", "v", V50),
                ev("HostRcvInitiateContact", "v", V50, "ok", false),
                ev("GuestRcvVersionResponse", "v", V50, "ok", false)));
        TraceVerdict.Rejected r = rejected(t);
        assertEquals(1, r.eventIndex(), r.message());
        // a retry carries the next older version: 4.1 refused, then 4.1 again is not a step
        r = rejected(with(undeliverableContact(), 4, ev("GuestSendInitiateContact", "v", V41)));
        assertEquals(4, r.eventIndex(), r.message());
    }

    @Test
    void shouldRejectAMessageForAnotherRelid() {
        // the host receives OPENCHANNEL for relid 2 although the guest opened relid 1
        TraceVerdict.Rejected r = rejected(with(fullSession(), 19, ev("HostRcvOpenChannel", "r", 2, "h", RING)));
        assertEquals(19, r.eventIndex(), r.message());
        assertEquals("20", r.state().get("l"));
    }

    @Test
    void shouldRejectAResponseReceivedBeforeItWasSent() {
        // GPADL_CREATED received before the host handled the last body fragment
        TraceVerdict.Rejected r = rejected(swapped(fullSession(), 16, 17));
        assertEquals(16, r.eventIndex(), r.message());
        assertEquals("GuestRcvGpadlCreated", r.event().get("e"));
    }

    @Test
    void shouldRejectAnOpenResultAfterTheRescind() {
        List<Map<String, Object>> bad = inserted(refusalsAndRescind(), 22, ev("HostSendOpenResult", "r", 5, "ok", true));
        TraceVerdict.Rejected r = rejected(bad);
        assertEquals(22, r.eventIndex(), r.message());
    }

    @Test
    void shouldRejectAMissingEvent() {
        // the host's receipt of the GPADL header is missing: its first body event meets the header
        TraceVerdict.Rejected r = rejected(without(fullSession(), 13));
        assertEquals(14, r.eventIndex(), r.message());
        assertEquals("HostRcvGpadlBody", r.event().get("e"));
    }

    @Test
    void shouldRejectWrongStatusesVersionsAndBodyCounts() {
        List<List<Map<String, Object>>> bad = List.of(
                // the guest reports success for a refused GPADL
                with(refusalsAndRescind(), 9, ev("GuestRcvGpadlCreated", "r", 5, "h", RING, "ok", true)),
                // the host reports accepting a version it refused before (the guest saw the refusal)
                with(fullSession(), 2, ev("GuestRcvVersionResponse", "v", V60, "ok", true)),
                // the header announces one body, the guest sends two (the second is not a step)
                with(fullSession(), 11, ev("GuestSendGpadlHeader", "r", 1, "h", RING, "n", 1)),
                // the last fragment's status contradicts GPADL_CREATED (seen at the guest's receipt)
                with(fullSession(), 16, ev("HostRcvGpadlBody", "h", RING, "ok", false)),
                // a reconnect that does not start with the newest version
                without(without(without(fullSession(), 39), 39), 39),
                // the guest releases a relid that was not rescinded
                inserted(fullSession(), 29, ev("GuestSendRelidReleased", "r", 1)));
        List<Integer> expected = List.of(9, 2, 14, 17, 39, 29);
        for (int i = 0; i < bad.size(); i++) {
            TraceVerdict.Rejected r = rejected(bad.get(i));
            assertEquals(expected.get(i), r.eventIndex(), "case " + i + ": " + r.message());
        }
    }

    @Test
    void shouldCheckDropTags() {
        // the retried OPENCHANNEL meets a channel the host has already revoked: silently ignored (no err) ...
        List<Map<String, Object>> ignored = new ArrayList<>(refusalsAndRescind().subList(0, 20));
        ignored.addAll(List.of(
                ev("HostSendRescind", "r", 5),
                ev("HostRcvOpenChannel", "r", 5),
                ev("GuestRcvRescind", "r", 5),
                ev("GuestSendRelidReleased", "r", 5),
                ev("HostRcvRelidReleased", "r", 5)));
        assertTrue(validator.validate(List.of(ignored)).accepted());
        // ... so an err tag there is rejected, and so is an err tag on an accepted offer
        TraceVerdict.Rejected r = rejected(with(ignored, 21, ev("HostRcvOpenChannel", "r", 5, "err", "BadChannelState")));
        assertEquals(21, r.eventIndex(), r.message());
        r = rejected(with(fullSession(), 8, ev("GuestRcvOffer", "r", 1, "err", "DuplicateRelid")));
        assertEquals(8, r.eventIndex(), r.message());
    }

    @Test
    void shouldRejectUnknownActionsAndFields() {
        assertEquals(7, rejected(with(fullSession(), 7, ev("HostRcvRequestOffers", "r", 1))).eventIndex());
        assertEquals(6, rejected(with(fullSession(), 6, ev("GuestSendRequestOffersTwice"))).eventIndex());
        assertEquals(21, rejected(with(fullSession(), 21, ev("GuestRcvOpenResult", "r", 1))).eventIndex());
    }

    @Test
    void shouldRenderTheChannelLogModule() {
        String text = TraceModuleWriter.renderChannel("TraceVmbusChannelLog", List.of(
                List.of(ev("GuestSendInitiateContact", "v", V52), ev("GuestRcvOffer", "r", 7, "err", "DuplicateRelid")),
                List.of(ev("HostSendOpenResult", "r", 7, "ok", false))));
        assertEquals("""
                ---- MODULE TraceVmbusChannelLog ----
                \\* Generated by org.hvref.spec.trace.TraceModuleWriter: 2 trace(s) of the Java VMBus host and guest \
                (channel/CONTRACT.md).
                EXTENDS Integers, Sequences
                Traces == <<
                  <<
                    [e |-> "GuestSendInitiateContact", v |-> 327682],
                    [e |-> "GuestRcvOffer", r |-> 7, err |-> "DuplicateRelid"] >>,
                  <<
                    [e |-> "HostSendOpenResult", r |-> 7, ok |-> FALSE] >>
                >>
                ====
                """, text);
    }

    @Test
    void shouldRefuseMalformedEventsBeforeRunningTlc() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> validator.validate(List.of(with(fullSession(), 20, ev("GuestRcvOpenResult", "r", 1, "ok", 0)))));
        assertTrue(e.getMessage().contains("trace 1 event 21 field ok"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> validator.validate(List.of(with(fullSession(), 8, ev("GuestRcvOffer", "r", -1)))));
        assertTrue(e.getMessage().contains("expected: 0 to"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> validator.validate(List.of(with(fullSession(), 8, ev("GuestRcvOffer", "r", 1, "err", 3)))));
        assertTrue(e.getMessage().contains("expected: a string"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> validator.validate(List.of()));
    }
}
