package org.hvref.machine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.channel.device.EchoDevice;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.VmbusPacket;

/**
 * The reference guest's driver of an {@link EchoDevice} channel: sends numbered packets of three kinds — in-band
 * requests with completions, GPA-direct requests naming a guest page buffer, and posts without completion (echoed
 * as in-band packets with the same transaction id) — and checks every echo byte for byte. Packets carry no length
 * (vmbus-core.md §7.1: payloads padded to 8 bytes), so an echo is compared on the sent length.
 */
public final class EchoExchange implements ChannelPacketHandler {
    /** Transaction ids of posts start here, apart from the endpoint's own request ids (1, 2, 3, ...). */
    public static final long POST_ID_BASE = 1L << 40;

    private final GuestMemory memory;
    private final long[] bufferPages;
    private final Map<Long, byte[]> expectedPosts = new ConcurrentHashMap<>();
    private final AtomicInteger postEchoes = new AtomicInteger();
    private final AtomicInteger requestEchoes = new AtomicInteger();
    private final AtomicInteger gpaDirectEchoes = new AtomicInteger();
    private final CompletableFuture<Void> postsDone = new CompletableFuture<>();
    private volatile int postsExpected = -1;
    private volatile ChannelEndpoint endpoint;

    /**
     * @param memory      guest memory
     * @param bufferPages two guest pages (any contents) that GPA-direct requests name
     */
    public EchoExchange(GuestMemory memory, long[] bufferPages) {
        this.memory = memory;
        if (bufferPages.length != 2) {
            throw new IllegalArgumentException("buffer pages: " + bufferPages.length + " (expected: 2)");
        }
        this.bufferPages = bufferPages.clone();
    }

    /** @return a driver factory binding this exchange to a plain endpoint */
    public GuestDriverFactory<EchoExchange> factory() {
        return (out, in, signal) -> {
            endpoint = new ChannelEndpoint(out, in, signal, this);
            return new GuestDriverFactory.Binding<>(this, endpoint);
        };
    }

    /** The bytes of packet {@code n}: its number (u64 LE), then bytes derived from it; 8..200 bytes. */
    static byte[] payload(long n) {
        int size = 8 + Math.floorMod(n * 37, 193);
        byte[] b = new byte[size];
        for (int j = 0; j < size; j++) {
            b[j] = (byte) (n * 131 + j * 7);
        }
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return b;
    }

    /**
     * Sends {@code count} packets, kinds in turn (request, GPA-direct, post), and completes when every echo arrived
     * and matched. Call once.
     *
     * @param count packets
     * @return completes with the counts; fails with {@link IllegalStateException} on a wrong echo
     */
    public CompletableFuture<PacketCounts> exchange(int count) {
        ChannelEndpoint e = endpoint;
        if (e == null) {
            throw new IllegalStateException("echo exchange: not bound (expected: opened through factory())");
        }
        int posts = 0;
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (i % 3 == 2) {
                posts++;
            }
        }
        postsExpected = posts;
        if (posts == 0) {
            postsDone.complete(null);
        }
        for (int i = 1; i <= count; i++) {
            byte[] p = payload(i);
            switch (i % 3) {
                case 1 -> all.add(e.request(p).thenAccept(c -> {
                    check("request " + p.length + " bytes", p, c);
                    requestEchoes.incrementAndGet();
                }));
                case 2 -> {
                    long tid = POST_ID_BASE + i;
                    expectedPosts.put(tid, p);
                    all.add(e.send(new InBandPacket(0, tid, p)));
                }
                default -> all.add(gpaDirect(e, i));
            }
        }
        all.add(postsDone);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> counts());
    }

    /**
     * Sends one in-band request and checks its completion.
     *
     * @param n the packet's number (its payload)
     * @return completes when the echo matched
     */
    public CompletableFuture<Void> requestOnce(long n) {
        byte[] p = payload(n);
        return endpoint.request(p).thenAccept(c -> {
            check("request " + p.length + " bytes", p, c);
            requestEchoes.incrementAndGet();
        });
    }

    /** A GPA-direct request of up to 319 bytes, crossing from the first buffer page into the second for some n. */
    private CompletableFuture<Void> gpaDirect(ChannelEndpoint e, int n) {
        int offset = (n * 24) % GuestMemory.PAGE_SIZE;
        int length = 64 + n % 256;
        byte[] expected = new byte[length];
        int first = Math.min(length, GuestMemory.PAGE_SIZE - offset);
        memory.read((bufferPages[0] << GuestMemory.PAGE_SHIFT) + offset, expected, 0, first);
        if (first < length) {
            memory.read(bufferPages[1] << GuestMemory.PAGE_SHIFT, expected, first, length - first);
        }
        long[] pfns = Arrays.copyOf(bufferPages, (int) GpaRange.pfnCount(length, offset));
        return e.requestGpaDirect(List.of(new GpaRange(length, offset, pfns)), new byte[0]).thenAccept(c -> {
            check("gpa direct " + length + " bytes at offset " + offset, expected, c);
            gpaDirectEchoes.incrementAndGet();
        });
    }

    private static void check(String what, byte[] sent, CompletionPacket echo) {
        byte[] got = echo.payload();
        if (got.length < sent.length || !Arrays.equals(Arrays.copyOf(got, sent.length), sent)) {
            throw new IllegalStateException("echo of " + what + " tid=" + echo.transactionId()
                    + ": bytes differ (expected: the bytes sent)");
        }
    }

    @Override
    public void onPacket(ChannelEndpoint from, VmbusPacket packet) {
        if (!(packet instanceof InBandPacket in) || packet.completionRequested()) {
            fail("echo packet: " + packet.type() + " (expected: DATA_INBAND without COMPLETION_REQUESTED)");
            return;
        }
        byte[] sent = expectedPosts.remove(in.transactionId());
        byte[] got = in.payload();
        if (sent == null) {
            fail("post echo tid=" + in.transactionId() + ": unknown or repeated (expected: a post's id)");
        } else if (got.length < sent.length || !Arrays.equals(Arrays.copyOf(got, sent.length), sent)) {
            fail("post echo tid=" + in.transactionId() + ": bytes differ (expected: the bytes sent)");
        } else if (postEchoes.incrementAndGet() == postsExpected) {
            postsDone.complete(null);
        }
    }

    private void fail(String message) {
        postsDone.completeExceptionally(new IllegalStateException(message));
    }

    /** @return echoes received so far */
    public PacketCounts counts() {
        return new PacketCounts(requestEchoes.get(), gpaDirectEchoes.get(), postEchoes.get());
    }

    /**
     * Echoes that arrived intact.
     *
     * @param requests  in-band requests completed
     * @param gpaDirect GPA-direct requests completed
     * @param posts     posts echoed
     */
    public record PacketCounts(int requests, int gpaDirect, int posts) {
        /** @return all packets */
        public int total() {
            return requests + gpaDirect + posts;
        }

        /** @param o other counts @return the sum */
        public PacketCounts plus(PacketCounts o) {
            return new PacketCounts(requests + o.requests, gpaDirect + o.gpaDirect, posts + o.posts);
        }
    }
}
