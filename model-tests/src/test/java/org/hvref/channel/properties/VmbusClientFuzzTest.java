package org.hvref.channel.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.hvref.channel.guest.ClientConfig;
import org.hvref.channel.guest.ConnectionState;
import org.hvref.channel.guest.GuestProtocolException;
import org.hvref.channel.guest.OpenedChannel;
import org.hvref.channel.guest.VmbusClient;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.MalformedChannelMessageException;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.RecordingTracer;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link VmbusClient#receive} with a hostile host's messages.
 *
 * <p>Input: byte 0 picks the negotiated version ({@code value mod 11}, {@link ProtocolVersion#values()} oldest first);
 * the rest is a sequence of messages, each a length byte (capped at 240) and that many bytes. Before them the
 * client is connected at that version with offers 1 and 2, channel 1 is open and a GPADL of channel 2 is pending
 * (handle {@code 0xE1E11}). Oracle: {@code receive} throws nothing but {@link MalformedChannelMessageException} or
 * {@link GuestProtocolException}, and afterwards the client still works: it is READY, accepts a hot-add offer and
 * creates a GPADL on it.
 *
 * <p>Under {@code mvn verify} this runs in Jazzer's regression mode over the seed corpus
 * {@code src/test/resources/org/hvref/channel/properties/VmbusClientFuzzTestInputs/receiveOnlyThrowsTypedErrors/}
 * (valid and hostile sequences; {@link #seedCorpusShouldBeNonEmpty}). {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=VmbusClientFuzzTest -Djazzer.hooks=true} fuzzes.
 */
class VmbusClientFuzzTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "org", "hvref", "channel", "properties",
            "VmbusClientFuzzTestInputs", "receiveOnlyThrowsTypedErrors");
    private static final UUID NET = UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e");
    private static final int MAX_MESSAGE = 240;

    /** A host that answers what the harness tells it to; collects what the guest posts. */
    private static final class Harness {
        final Deque<byte[]> posted = new ArrayDeque<>();
        final VmbusClient client;
        final ProtocolVersion version;

        Harness(ProtocolVersion version) {
            this.version = version;
            client = new VmbusClient(GuestMemory.heap(64), ClientConfig.defaults(0x1000)
                    .withVersions(List.of(version)), (id, bytes) -> posted.add(bytes), new RecordingTracer());
        }

        ChannelMessage next() {
            byte[] b = posted.poll();
            assertTrue(b != null, "guest posted nothing");
            return ChannelMessageCodec.decode(b, b.length, version);
        }

        void reply(ChannelMessage m) {
            byte[] b = ChannelMessageCodec.encode(m, version);
            client.receive(b, b.length);
        }

        void setUp() {
            client.connect();
            posted.clear();
            reply(new VersionResponse(VersionResponse.Form.BASIC, true, 0,
                    version.isAtLeast(ProtocolVersion.WIN10_V5) ? 1 : version.code(), 0, 0, 0));
            client.requestOffers();
            posted.clear();
            reply(offer(1));
            reply(offer(2));
            reply(new AllOffersDelivered());
            CompletableFuture<OpenedChannel> opened = client.open(1, new long[] {16, 17, 18, 19}, 2, 0, null);
            GpadlHeader ring = (GpadlHeader) next();
            reply(new GpadlCreated(1, ring.gpadl(), 0));
            OpenChannel open = (OpenChannel) next();
            reply(new OpenChannelResult(1, open.openId(), 0));
            assertTrue(opened.isDone() && !opened.isCompletedExceptionally());
            client.createGpadl(2, new long[] {20, 21});
            posted.clear();
        }

        /** The client is READY, takes a hot-add offer of a free relid and creates a GPADL on it. */
        void assertStillWorks() {
            assertEquals(ConnectionState.READY, client.state());
            posted.clear();
            int relid = ClientConfig.MAX_RELID;
            while (client.offer(relid).isPresent()) {
                relid--;
            }
            reply(new OfferChannel(NET, new UUID(0x5EED, relid), 0, 0, 0, 0, OpaqueBytes.zeros(120), 0, 0, relid,
                    0xFF, 0, version.isAtLeast(ProtocolVersion.WIN7) ? 1 : 0, 0));
            CompletableFuture<Integer> created = client.createGpadl(relid, new long[] {30});
            GpadlHeader h = assertInstanceOf(GpadlHeader.class, next());
            reply(new GpadlCreated(relid, h.gpadl(), 0));
            assertEquals(h.gpadl(), created.join());
        }
    }

    private static OfferChannel offer(int relid) {
        return new OfferChannel(NET, new UUID(0x1000, relid), 0, 0, 0, 0, OpaqueBytes.zeros(120), 0, 0, relid, 0xFF,
                0, 0, 0);
    }

    @FuzzTest(maxDuration = "10m")
    void receiveOnlyThrowsTypedErrors(byte[] input) {
        ProtocolVersion[] versions = ProtocolVersion.values();
        ProtocolVersion version = versions[input.length == 0 ? versions.length - 1 : (input[0] & 0xFF) % versions.length];
        Harness h = new Harness(version);
        h.setUp();
        int at = 1;
        while (at < input.length) {
            int length = Math.min(input[at] & 0xFF, MAX_MESSAGE);
            byte[] message = Arrays.copyOfRange(input, at + 1, Math.min(input.length, at + 1 + length));
            at += 1 + length;
            try {
                h.client.receive(message, message.length);
            } catch (MalformedChannelMessageException | GuestProtocolException e) {
                assertFalse(e.getMessage().isEmpty());
            }
        }
        h.assertStillWorks();
    }

    @Test
    void seedCorpusShouldBeNonEmpty() throws IOException {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(CORPUS)) {
            seeds = files.sorted().toList();
        }
        assertFalse(seeds.isEmpty(), "seeds in " + CORPUS);
        for (Path seed : seeds) {
            receiveOnlyThrowsTypedErrors(Files.readAllBytes(seed));
        }
    }
}
