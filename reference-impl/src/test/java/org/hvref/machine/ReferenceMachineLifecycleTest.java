package org.hvref.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hvref.channel.device.EchoDevice;
import org.hvref.channel.guest.ChannelState;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.HostChannelState;
import org.hvref.channel.host.WindowsHost;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceMachineLifecycleTest {

    private static GuestDeviceChannel<EchoExchange> openEcho(ReferenceMachine m) {
        long[] buffer = m.pages().allocate(2);
        EchoExchange x = new EchoExchange(m.memory(), buffer);
        return m.await(m.devices().open(EchoDevice.CLASS_ID, GuestDevices.DEFAULT_RING_PAGES, x.factory()));
    }

    private static void connect(ReferenceMachine m) {
        m.await(m.client().connect());
        m.await(m.client().requestOffers());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 5, 9, 77})
    void shouldRecoverWhenTheHostRescindsTheEchoDeviceWhileTheGuestUsesIt(long seed) {
        try (ReferenceMachine m = ReferenceMachine.builder().host(WindowsHost.WINDOWS_SERVER_2022)
                .deterministic(seed).build()) {
            int relid = ReferenceGuestBootTest.addEcho(m, ReferenceGuestBootTest.ECHO_INSTANCE);
            connect(m);
            GuestDeviceChannel<EchoExchange> ch = openEcho(m);
            assertEquals(relid, ch.relid());
            assertEquals(6, m.await(ch.driver().exchange(6)).total());

            // packets in flight when the rescind lands
            EndpointHostDevice device = (EndpointHostDevice) m.hostDevice(relid).orElseThrow();
            assertTrue(device.isOpen());
            ch.driver().exchange(60);
            m.await(m.rescind(relid));
            m.await(ch.rescinded());
            m.settle();

            assertTrue(ch.isClosed());
            assertFalse(device.isOpen(), "the host closed the device on rescind");
            assertEquals(java.util.Optional.empty(), m.hostDevice(relid));
            assertEquals(java.util.Optional.empty(), m.client().channelState(relid), "relid released by the guest");
            assertEquals(java.util.Optional.empty(), m.server().channelState(relid), "relid free on the host");
            List<String> actions = ((RecordingTracer) m.tracer()).events().stream().map(TraceEvent::action).toList();
            assertTrue(actions.contains("GuestCloseRescindedChannel") && actions.contains("GuestSendRelidReleased")
                    && actions.contains("HostRcvRelidReleased"), actions::toString);
            assertTrue(m.client().liveGpadls().isEmpty(), "the rescinded channel's GPADLs are forgotten");

            // the host offers the device again: hot-add, openable, echoes
            List<OfferChannel> hotAdded = new ArrayList<>();
            m.devices().onOfferAdded(hotAdded::add);
            int again = ReferenceGuestBootTest.addEcho(m, ReferenceGuestBootTest.ECHO_INSTANCE);
            m.settle();
            assertEquals(List.of(again), hotAdded.stream().map(OfferChannel::childRelid).toList());
            GuestDeviceChannel<EchoExchange> reopened = openEcho(m);
            assertEquals(again, reopened.relid());
            assertEquals(new EchoExchange.PacketCounts(4, 4, 4), m.await(reopened.driver().exchange(12)));
            m.await(m.devices().close(reopened));
            assertEquals(java.util.Optional.of(ChannelState.OFFERED), m.client().channelState(again));
            assertEquals(java.util.Optional.of(HostChannelState.CLOSED), m.server().channelState(again));
        }
    }

    @Test
    void shouldOpenADeviceHotAddedAfterBoot() {
        try (ReferenceMachine m = ReferenceMachine.builder().host(WindowsHost.WINDOWS_10_1803).deterministic(3)
                .build()) {
            connect(m);
            assertTrue(m.client().offers().isEmpty());
            CompletableFuture<GuestDeviceChannel<EchoExchange>> none = m.devices().open(EchoDevice.CLASS_ID,
                    GuestDevices.DEFAULT_RING_PAGES, new EchoExchange(m.memory(), new long[] {1, 2}).factory());
            CompletionException e = assertThrows(CompletionException.class, none::join);
            assertInstanceOf(IllegalStateException.class, e.getCause());

            List<OfferChannel> hotAdded = new ArrayList<>();
            m.devices().onOfferAdded(hotAdded::add);
            int relid = ReferenceGuestBootTest.addEcho(m, ReferenceGuestBootTest.ECHO_INSTANCE_2);
            m.settle();
            assertEquals(1, hotAdded.size());
            assertEquals(ReferenceGuestBootTest.ECHO_INSTANCE_2, hotAdded.get(0).interfaceInstance());
            GuestDeviceChannel<EchoExchange> ch = openEcho(m);
            assertEquals(relid, ch.relid());
            assertEquals(30, m.await(ch.driver().exchange(30)).total());
            m.await(m.devices().close(ch));
            m.await(m.client().unload());
        }
    }

    @Test
    void shouldRunTheBootConcurrentlyWithTenThousandEchoPackets() {
        try (ReferenceMachine m = ReferenceMachine.builder().host(WindowsHost.COPPER).concurrent().build()) {
            ReferenceGuestBootTest.addEcho(m, ReferenceGuestBootTest.ECHO_INSTANCE);
            BootReport r = new ReferenceGuest(m, 10_000, 16).run();
            assertEquals(new EchoExchange.PacketCounts(3334 + 1, 3333, 3333), r.packets());
            assertTrue(r.unloaded());
            assertEquals(1, r.opened().size());
            assertEquals(2, r.gpadlsTornDown().size());
        }
    }

    @Test
    void shouldFailTheFutureOfAHostCallTheHostRefuses() {
        try (ReferenceMachine m = ReferenceMachine.builder().deterministic(2).build()) {
            ReferenceGuestBootTest.addEcho(m, ReferenceGuestBootTest.ECHO_INSTANCE);
            CompletableFuture<Integer> twice = m.addDevice(HostChannelConfig.of(EchoDevice.CLASS_ID,
                    ReferenceGuestBootTest.ECHO_INSTANCE), new EchoDevice(m.memory()));
            CompletionException e = assertThrows(CompletionException.class, () -> m.await(twice));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertTrue(m.hostDevice(1).isPresent(), "the first offer stays");
        }
    }

    @Test
    void shouldReportAFutureThatCannotCompleteInsteadOfHanging() {
        try (ReferenceMachine m = ReferenceMachine.builder().deterministic(2).build()) {
            assertThrows(IllegalStateException.class, () -> m.await(new CompletableFuture<Void>()));
        }
        try (ReferenceMachine m = ReferenceMachine.builder().concurrent()
                .hangGuard(java.time.Duration.ofMillis(200)).build()) {
            assertThrows(IllegalStateException.class, () -> m.await(new CompletableFuture<Void>()));
        }
    }

    @Test
    void shouldRefuseAMemoryTooSmallForTheSynicPages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceMachine.builder().memoryPages(12).build());
        assertEquals("memory pages: 12 (expected: >= 16 for 4 VPs)", e.getMessage());
    }

    @Test
    void shouldHandBackEveryAllocatedPage() {
        GuestPageAllocator pages = new GuestPageAllocator(10, 20);
        long[] a = pages.allocate(4);
        assertEquals(List.of(10L, 11L, 12L, 13L), java.util.Arrays.stream(a).boxed().toList());
        assertThrows(IllegalStateException.class, () -> pages.allocate(7));
        pages.free(a);
        assertEquals(10, pages.freePages());
        assertThrows(IllegalArgumentException.class, () -> pages.free(new long[] {10}));
        assertThrows(IllegalArgumentException.class, () -> pages.free(new long[] {25}));
    }
}
