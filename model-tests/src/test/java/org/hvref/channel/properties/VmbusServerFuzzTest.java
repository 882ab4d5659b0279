package org.hvref.channel.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.HostChannelRings;
import org.hvref.channel.host.HostChannelState;
import org.hvref.channel.host.HostConfig;
import org.hvref.channel.host.HostDevice;
import org.hvref.channel.host.OpenRequest;
import org.hvref.channel.host.VmbusServer;
import org.hvref.channel.host.WindowsHost;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.memory.GuestMemory;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link VmbusServer#receive} with a hostile guest's message sequence.
 *
 * <p>Input: byte 0 picks the start: {@code value mod 12} = 0–10 connects first at {@link ProtocolVersion#values()}
 * [value] (a correct contact on the port the version calls for), 11 starts before contact. Then repeated
 * {ctl, len, len bytes}: ctl bits 0–1 pick the connection id (1, 4, 1, 3), len is taken mod 241 and cut to what
 * is left. Oracle: {@code receive} never throws; every host message is at most 240 bytes and decodes at the
 * negotiated version; afterwards a correct guest still connects (implicit reconnect), gets both offers, creates a
 * GPADL and opens a channel — so no hostile input corrupts the server's state.
 *
 * <p>Seed corpus: {@code src/test/resources/org/hvref/channel/properties/VmbusServerFuzzTestInputs/
 * receiveNeverThrowsAndRecovers/} ({@code valid-*}: a correct guest's sequences, {@code hostile-*}: refused ones).
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=VmbusServerFuzzTest} fuzzes.
 */
class VmbusServerFuzzTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "org", "hvref", "channel", "properties",
            "VmbusServerFuzzTestInputs", "receiveNeverThrowsAndRecovers");
    private static final UUID TYPE = UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e");
    private static final UUID INSTANCE = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final int[] PORTS = {1, 4, 1, 3};

    /** A device that accepts every open at once. */
    private static final class AcceptingDevice implements HostDevice {
        int open;

        @Override
        public CompletableFuture<Integer> open(OpenRequest request, HostChannelRings rings) {
            open++;
            return CompletableFuture.completedFuture(0);
        }

        @Override
        public void close() {
            open--;
        }
    }

    /** The server under test and what it sent. */
    private static final class Harness {
        final List<byte[]> out = new ArrayList<>();
        final AcceptingDevice primary = new AcceptingDevice();
        final AcceptingDevice sub = new AcceptingDevice();
        final VmbusServer server = new VmbusServer(HostConfig.of(WindowsHost.COPPER), out::add,
                GuestMemory.heap(64));

        Harness() {
            HostChannelConfig c = HostChannelConfig.of(TYPE, INSTANCE);
            server.addChannel(c, primary);
            server.addChannel(c.subChannel(1), sub);
        }

        void post(int port, ChannelMessage m, ProtocolVersion v) {
            byte[] b = ChannelMessageCodec.encode(m, v);
            server.receive(port, b, b.length);
        }

        ChannelMessage last(ProtocolVersion v) {
            byte[] b = out.get(out.size() - 1);
            return ChannelMessageCodec.decode(b, b.length, v);
        }
    }

    private static InitiateContact contact(ProtocolVersion v) {
        return v.isAtLeast(ProtocolVersion.WIN10_V5) ? InitiateContact.of(v, 0, 2, 0, 0, 0, 0, null)
                : new InitiateContact(v.code(), 0, 0x1000, 0, 0, null);
    }

    private static int port(ProtocolVersion v) {
        return v.isAtLeast(ProtocolVersion.WIN10_V5) ? 4 : 1;
    }

    @FuzzTest(maxDuration = "10m")
    void receiveNeverThrowsAndRecovers(byte[] input) {
        Harness h = new Harness();
        int start = input.length == 0 ? 11 : (input[0] & 0xFF) % 12;
        if (start < 11) {
            ProtocolVersion v = ProtocolVersion.values()[start];
            h.post(port(v), contact(v), v);
        }
        int at = 1;
        while (at + 1 < input.length) {
            int ctl = input[at++] & 0xFF;
            int len = Math.min((input[at++] & 0xFF) % 241, input.length - at);
            byte[] msg = Arrays.copyOfRange(input, at, at + len);
            at += len;
            int sent = h.out.size();
            h.server.receive(PORTS[ctl & 3], msg, msg.length);
            ProtocolVersion now = h.server.connection().map(c -> c.version()).orElse(ProtocolVersion.WIN10_V5_3);
            for (byte[] reply : h.out.subList(sent, h.out.size())) {
                assertTrue(reply.length <= 240, "host message longer than 240 bytes");
                ChannelMessageCodec.decode(reply, reply.length, now);
            }
        }
        assertTrue(h.primary.open >= 0 && h.primary.open <= 1, "primary device opened " + h.primary.open);
        assertTrue(h.sub.open >= 0 && h.sub.open <= 1, "sub-channel device opened " + h.sub.open);
        recover(h);
    }

    /** A correct Copper guest reconnects, gets both offers, creates a GPADL and opens the primary. */
    private static void recover(Harness h) {
        ProtocolVersion v = ProtocolVersion.COPPER;
        h.post(4, contact(v), v);
        VersionResponse r = (VersionResponse) h.last(v);
        assertTrue(r.versionSupported() && r.connectionState() == 0, "reconnect accepted");
        assertEquals(0, h.primary.open, "devices closed by the reconnect");
        assertEquals(0, h.sub.open, "devices closed by the reconnect");
        int before = h.out.size();
        h.post(1, new RequestOffers(), v);
        List<Integer> relids = new ArrayList<>();
        for (byte[] b : h.out.subList(before, h.out.size())) {
            ChannelMessage m = ChannelMessageCodec.decode(b, b.length, v);
            if (m instanceof OfferChannel o) {
                relids.add(o.childRelid());
            } else {
                assertTrue(m instanceof AllOffersDelivered, "offers end with ALLOFFERS_DELIVERED");
            }
        }
        assertEquals(List.of(1, 2), relids);
        List<Long> values = new ArrayList<>();
        values.add(8L * 4096);
        for (long p = 8; p < 16; p++) {
            values.add(p);
        }
        h.post(1, new GpadlHeader(1, 0x7777, values.size() * 8, 1, values), v);
        assertEquals(new GpadlCreated(1, 0x7777, 0), h.last(v));
        h.post(1, new OpenChannel(1, 1, 0x7777, 0, 4, OpaqueBytes.zeros(120), null), v);
        assertEquals(new OpenChannelResult(1, 1, 0), h.last(v));
        assertEquals(HostChannelState.OPEN, h.server.channelState(1).orElseThrow());
    }

    @Test
    void seedCorpusShouldHoldValidAndHostileSequences() throws IOException {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(CORPUS)) {
            seeds = files.sorted().toList();
        }
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("valid-")), "valid seeds");
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("hostile-")),
                "hostile seeds");
        for (Path seed : seeds) {
            byte[] input = Files.readAllBytes(seed);
            Harness h = new Harness();
            receiveNeverThrowsAndRecovers(input);
            String name = seed.getFileName().toString();
            // replay once more to count refusals: valid seeds draw none, hostile seeds at least one
            int start = (input[0] & 0xFF) % 12;
            ProtocolVersion v = ProtocolVersion.values()[Math.min(start, 10)];
            if (start < 11) {
                h.post(port(v), contact(v), v);
            }
            int at = 1;
            while (at + 1 < input.length) {
                int ctl = input[at++] & 0xFF;
                int len = Math.min((input[at++] & 0xFF) % 241, input.length - at);
                h.server.receive(PORTS[ctl & 3], Arrays.copyOfRange(input, at, at + len), len);
                at += len;
            }
            if (name.startsWith("valid-")) {
                assertEquals(List.of(), h.server.errors(), name);
                assertTrue(h.out.stream().anyMatch(b -> b.length == 20 && b[0] == 6 && b[16] == 0 && b[17] == 0),
                        name + " opens a channel");
            } else if (name.startsWith("hostile-")) {
                assertFalse(h.server.errors().isEmpty(), name);
            }
        }
    }
}
