package org.hvref.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.hvref.channel.device.EchoDevice;
import org.hvref.channel.guest.ConnectionState;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.WindowsHost;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceGuestBootTest {
    static final UUID ECHO_INSTANCE = UUID.fromString("68767265-6600-6563-686f-0000000000a1");
    static final UUID ECHO_INSTANCE_2 = UUID.fromString("68767265-6600-6563-686f-0000000000a2");

    static ReferenceMachine machine(WindowsHost host, long seed) {
        return ReferenceMachine.builder().host(host).deterministic(seed).build();
    }

    static int addEcho(ReferenceMachine m, UUID instance) {
        return m.await(m.addDevice(HostChannelConfig.of(EchoDevice.CLASS_ID, instance), new EchoDevice(m.memory())));
    }

    @ParameterizedTest
    @EnumSource(WindowsHost.class)
    void shouldBootAgainstEveryWindowsHostPreset(WindowsHost host) {
        try (ReferenceMachine m = machine(host, 7)) {
            int relid = addEcho(m, ECHO_INSTANCE);
            BootReport r = new ReferenceGuest(m, 30, GuestDevices.DEFAULT_RING_PAGES).run();

            assertEquals(host.newest(), r.version(), "version negotiated");
            assertEquals(1, r.messageConnectionId(), "VTL0 message connection id (vmbus-core.md §1.5)");
            assertEquals(List.of(new BootReport.Channel(relid, EchoDevice.CLASS_ID, ECHO_INSTANCE)), r.offered());
            assertEquals(r.offered(), r.opened());
            assertEquals(2, r.gpadlsCreated().size(), () -> r.gpadlsCreated().toString());
            assertEquals(ReferenceGuest.SHARED_GPADL_PAGES, r.gpadlsCreated().get(1).pages());
            assertEquals(r.gpadlsCreated().stream().map(BootReport.Gpadl::handle).sorted().toList(),
                    r.gpadlsTornDown().stream().sorted().toList());
            boolean modify = host.newest().isAtLeast(ProtocolVersion.WIN10_V4_1);
            assertEquals(modify, r.modifiedTargetVp());
            assertEquals(new EchoExchange.PacketCounts(10 + (modify ? 1 : 0), 10, 10), r.packets());
            boolean unload = host.newest().isAtLeast(ProtocolVersion.WIN7);
            assertEquals(unload, r.unloaded(), "UNLOAD from 1.1 (0.13 has no UNLOAD_RESPONSE)");
            assertEquals(unload ? ConnectionState.UNLOADED : ConnectionState.READY, m.client().state());
            assertTrue(r.actionsSeen().containsAll(List.of("GuestSendInitiateContact", "HostRcvInitiateContact",
                    "GuestSendGpadlBody", "HostRcvGpadlBody", "GuestSendOpenChannel", "HostRcvOpenChannel",
                    "GuestSendCloseChannel", "GuestSendGpadlTeardown", "GuestRcvGpadlTorndown")),
                    () -> r.actionsSeen().toString());
            assertEquals(modify, r.actionsSeen().contains("GuestSendModifyChannel"));
            assertEquals(unload, r.actionsSeen().contains("GuestRcvUnloadResponse"));
            assertEquals(m.memory().pages() - ReferenceMachine.SYNIC_FIRST_PAGE - 2L * m.hostConfig().vpCount(),
                    m.pages().freePages(), "every page freed again");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234567})
    void shouldRecordTheSameTraceForTheSameSeed(long seed) {
        List<TraceEvent> first = bootTrace(seed);
        List<TraceEvent> second = bootTrace(seed);
        assertEquals(first, second);
        assertFalse(first.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = WindowsHost.class, names = {"WINDOWS_8", "WINDOWS_SERVER_2022", "COPPER"})
    void shouldOpenEveryOfferedEchoChannel(WindowsHost host) {
        try (ReferenceMachine m = machine(host, 11)) {
            int a = addEcho(m, ECHO_INSTANCE);
            int b = addEcho(m, ECHO_INSTANCE_2);
            BootReport r = new ReferenceGuest(m, 12, GuestDevices.DEFAULT_RING_PAGES).run();
            assertEquals(List.of(a, b), r.opened().stream().map(BootReport.Channel::relid).sorted().toList());
            assertEquals(24 + (r.modifiedTargetVp() ? 2 : 0), r.packets().total());
            assertEquals(3, r.gpadlsTornDown().size());
        }
    }

    @ParameterizedTest
    @EnumSource(WindowsHost.class)
    void shouldReopenARescindedChannelWhenTheHostOffersItAgain(WindowsHost host) {
        try (ReferenceMachine m = machine(host, 13)) {
            addEcho(m, ECHO_INSTANCE);
            int rescinded = addEcho(m, ECHO_INSTANCE_2);
            BootReport r = new ReferenceGuest(m, 9, GuestDevices.DEFAULT_RING_PAGES).withHotPlug().run();

            assertEquals(3, r.offered().size());
            assertEquals(3, r.opened().size());
            BootReport.Channel again = r.opened().get(2);
            assertEquals(ECHO_INSTANCE_2, again.instance());
            int modify = r.modifiedTargetVp() ? 2 : 0;
            assertEquals(2 * 9 + ReferenceGuest.HOT_PLUG_PACKETS + modify, r.packets().total());
            int rescindedRing = r.gpadlsCreated().stream().filter(g -> g.relid() == rescinded).findFirst()
                    .orElseThrow().handle();
            assertFalse(r.gpadlsTornDown().contains(rescindedRing), "forgotten with the relid, never torn down");
            assertEquals(r.gpadlsCreated().size() - 1, r.gpadlsTornDown().size());
            assertTrue(r.actionsSeen().containsAll(List.of("HostSendRescind", "GuestRcvRescind",
                    "GuestCloseRescindedChannel", "GuestSendRelidReleased", "HostRcvRelidReleased",
                    "HostSendOffer")), () -> r.actionsSeen().toString());
            assertEquals(m.memory().pages() - ReferenceMachine.SYNIC_FIRST_PAGE - 2L * m.hostConfig().vpCount(),
                    m.pages().freePages(), "every page freed again");
        }
    }

    @org.junit.jupiter.api.Test
    void shouldInterleaveDifferentlyForDifferentSeeds() {
        List<List<TraceEvent>> traces = List.of(bootTrace(1), bootTrace(2), bootTrace(3), bootTrace(4));
        assertNotEquals(1, traces.stream().distinct().count(), "four seeds, one interleaving");
    }

    @org.junit.jupiter.api.Test
    void shouldRecordTheRingActionsOfBothSidesOnTheTracedChannelOnly() {
        try (ReferenceMachine m = machine(WindowsHost.WINDOWS_SERVER_2022, 21)) {
            int traced = addEcho(m, ECHO_INSTANCE);
            addEcho(m, ECHO_INSTANCE_2);
            BootReport r = new ReferenceGuest(m, 15, GuestDevices.DEFAULT_RING_PAGES)
                    .traceRingsOfFirstEchoChannel().run();
            assertEquals(1, r.ringTraces().size());
            ChannelRingTraces t = r.ringTraces().get(0);
            assertEquals(traced, t.relid());
            for (org.hvref.trace.RecordingTracer ring : List.of(t.guestToHost(), t.hostToGuest())) {
                List<String> actions = ring.events().stream().map(TraceEvent::action).distinct().toList();
                assertTrue(actions.containsAll(List.of("WriterCopy", "WriterPublish", "ReaderWake", "ReaderRead",
                        "ReaderCommit")), actions::toString);
            }
            long published = t.guestToHost().events().stream().filter(e -> e.action().equals("WriterPublish"))
                    .count();
            assertTrue(published >= 1 && published <= 16, "at most one publish per packet of this channel: "
                    + published);
        }
    }

    private static List<TraceEvent> bootTrace(long seed) {
        try (ReferenceMachine m = machine(WindowsHost.WINDOWS_SERVER_2022, seed)) {
            addEcho(m, ECHO_INSTANCE);
            addEcho(m, ECHO_INSTANCE_2);
            return new ReferenceGuest(m, 9, GuestDevices.DEFAULT_RING_PAGES).run().events();
        }
    }

    @ParameterizedTest
    @EnumSource(value = WindowsHost.class, names = {"WINDOWS_SERVER_2008", "WINDOWS_SERVER_2022"})
    void shouldPauseBeforeUnloadUntilResumedWhenHeld(WindowsHost host) {
        try (ReferenceMachine m = machine(host, 5)) {
            addEcho(m, ECHO_INSTANCE);
            java.util.concurrent.CompletableFuture<Void> resume = new java.util.concurrent.CompletableFuture<>();
            ReferenceGuest guest = new ReferenceGuest(m, 4, GuestDevices.DEFAULT_RING_PAGES).holdBeforeUnload(resume);
            java.util.concurrent.CompletableFuture<BootReport> boot = guest.boot();
            m.await(guest.beforeUnload());
            m.settle();
            assertFalse(boot.isDone(), "held before UNLOAD");
            assertEquals(ConnectionState.READY, m.client().state(), "still connected while held");
            assertFalse(((org.hvref.trace.RecordingTracer) m.tracer()).events().stream()
                    .anyMatch(e -> e.action().equals("GuestSendUnload")));
            resume.complete(null);
            BootReport r = m.await(boot);
            boolean unload = host.newest().isAtLeast(ProtocolVersion.WIN7);
            assertEquals(unload, r.unloaded());
            assertEquals(unload ? ConnectionState.UNLOADED : ConnectionState.READY, m.client().state());
        }
    }
}
