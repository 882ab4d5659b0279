package org.hvref.channel.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hvref.channel.guest.ChannelState;
import org.hvref.channel.guest.ClientConfig;
import org.hvref.channel.guest.ConnectionState;
import org.hvref.channel.guest.GpadlState;
import org.hvref.channel.guest.VmbusClient;
import org.hvref.channel.host.HostChannelState;
import org.hvref.channel.host.HostConfig;
import org.hvref.channel.host.WindowsHost;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.hypervisor.DeterministicScheduler;

/**
 * Generated sessions of the reference host and guest (tla-practice.md "Trace validation"): from a seed, a random
 * Windows host preset, then random guest operations (connect and reconnect, request offers, GPADLs of 1..200 pages
 * in header plus body fragments, open with a new or an existing ring GPADL, close, modify, teardown, unload with
 * whatever is outstanding) and host operations (hot-add and re-offer, rescind at any moment, devices that accept or
 * refuse the open), interleaved by the scheduler. In deterministic mode the seed fixes the run exactly.
 */
public final class ChannelScenarios {
    /** The most pages one generated GPADL has (issue 3: 1..200 pages, so up to 8 GPADL_BODY fragments). */
    public static final int MAX_GPADL_PAGES = 200;
    /** Most channels the host offers at once in a scenario (keeps the relid set and TLC's state small). */
    public static final int MAX_CHANNELS = 4;

    private ChannelScenarios() {
    }

    /**
     * One generated session.
     *
     * @param name       how to reproduce it
     * @param trace      its events (channel/CONTRACT.md)
     * @param violations disagreements between host and guest once both were idle (empty when correct)
     */
    public record Scenario(String name, List<Map<String, Object>> trace, List<String> violations) {
    }

    /**
     * A session through a {@link DeterministicScheduler} seeded from {@code seed}.
     *
     * @param seed  fixes the host preset, the operations and the interleaving
     * @param steps driver decisions (each runs one task or queues one operation)
     * @return the session
     */
    public static Scenario deterministic(long seed, int steps) {
        Random driver = new Random(seed);
        DeterministicScheduler scheduler = DeterministicScheduler.seeded(driver.nextLong());
        try (Run run = new Run(scheduler, driver)) {
            for (int i = 0; i < steps; i++) {
                if (driver.nextInt(100) < 60 && scheduler.step()) {
                    continue;
                }
                run.queueOperation();
            }
            run.finish();
            run.session.machine().settle();
            return new Scenario("deterministic seed=" + seed + " host=" + run.preset, run.session.trace(),
                    run.crossSideViolations());
        }
    }

    /**
     * A session of the concurrent machine: host and guest on their own threads; the driver queues operations on both
     * sides in bursts and waits for quiescence between bursts, so the sides really race inside a burst. Not
     * reproducible from the seed (the threads interleave freely); the trace says what happened.
     *
     * @param seed   fixes the host preset and the operations queued
     * @param bursts bursts of 1..6 operations
     * @return the session
     */
    public static Scenario concurrent(long seed, int bursts) {
        Random driver = new Random(seed);
        try (Run run = new Run(null, driver)) {
            for (int b = 0; b < bursts; b++) {
                int n = 1 + driver.nextInt(6);
                for (int i = 0; i < n; i++) {
                    run.queueOperation();
                }
                run.session.machine().settle();
            }
            run.finish();
            run.session.machine().settle();
            return new Scenario("concurrent seed=" + seed + " host=" + run.preset, run.session.trace(),
                    run.crossSideViolations());
        }
    }

    /** The guest versions that suit a host: all, newest first, but only from 4.1 down for a host without port 4. */
    static List<ProtocolVersion> guestVersionsFor(WindowsHost host) {
        List<ProtocolVersion> all = new ArrayList<>(ClientConfig.defaults(0x1000).versions());
        if (!host.newest().isAtLeast(ProtocolVersion.WIN10_V5)) {
            // the hypervisor refuses an INITIATE_CONTACT to connection id 4 of such a host: that lost message is no
            // step of VmbusChannel (its queues are lossless), so generated traces start at 4.1
            all.removeIf(v -> v.isAtLeast(ProtocolVersion.WIN10_V5));
        }
        return all;
    }

    /** The state of one generated session: what the driver queues and the side tasks decide at run time. */
    private static final class Run implements AutoCloseable {
        final Random driver;
        final Random hostRandom;
        final Random guestRandom;
        final WindowsHost preset;
        final ChannelSession session;
        final VmbusClient client;
        final List<Integer> relids = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<?>> futures = new ArrayList<>();

        Run(DeterministicScheduler scheduler, Random driver) {
            this.driver = driver;
            this.hostRandom = new Random(driver.nextLong());
            this.guestRandom = new Random(driver.nextLong());
            WindowsHost[] presets = WindowsHost.values();
            // half of the sessions on a 5.2+ host (multiclient port, MODIFYCHANNEL_RESPONSE), half on any preset
            this.preset = driver.nextBoolean() ? presets[driver.nextInt(presets.length)]
                    : presets[presets.length - 1 - driver.nextInt(3)];
            this.session = new ChannelSession(scheduler, HostConfig.of(preset), guestVersionsFor(preset));
            this.client = session.client();
            int initial = 1 + driver.nextInt(3);
            for (int i = 0; i < initial; i++) {
                relids.add(session.machine().await(session.addChannel(this::openStatus)));
            }
            session.guest("connect", () -> client.connect());
        }

        @Override
        public void close() {
            session.close();
        }

        /** Queues one random operation of the host (a quarter) or the guest. */
        void queueOperation() {
            if (driver.nextInt(4) == 0) {
                session.host("operation", this::hostOperation);
            } else {
                session.guest("operation", this::guestOperation);
            }
        }

        /** At the end: the guest asks for offers if connected, so every session does something. */
        void finish() {
            session.guest("finish", () -> {
                if (client.state() == ConnectionState.CONNECTED) {
                    client.requestOffers();
                }
            });
        }

        /**
         * With both sides idle: neither side dropped a message, and in READY every GPADL and open channel the guest
         * holds is accepted / open on the host for the same relid and every GPADL the host holds is known to the
         * guest (VmbusChannel NoProtocolErrorInv, NoGpadlHandleReuseInv, RingGpadlLiveWhileOpenInv).
         */
        List<String> crossSideViolations() {
            List<String> v = new ArrayList<>();
            // a drop records its spec tag as err (CONTRACT.md); refusals the protocol answers (a GPADL or modify
            // refused with a failure status, e.g. a modify racing a rescind) are no drops
            session.trace().stream().filter(e -> e.containsKey("err"))
                    .forEach(e -> v.add("dropped a message: " + e));
            if (session.guestEndpoint().rejectedMessages() != 0) {
                v.add("guest refused host messages: " + session.guestEndpoint().rejectedMessages());
            }
            if (client.state() != ConnectionState.READY) {
                return v;
            }
            for (int h : client.liveGpadls()) {
                if (client.gpadlState(h).orElse(null) == GpadlState.CREATED
                        && session.server().gpadl(h).isEmpty()) {
                    v.add("guest GPADL " + h + " is CREATED, the host does not hold it");
                }
            }
            for (int r : relids) {
                if (client.channelState(r).orElse(null) == ChannelState.OPEN && !client.isRescinded(r)
                        && session.server().channelState(r).orElse(null) != HostChannelState.OPEN) {
                    v.add("relid " + r + " is OPEN on the guest, " + session.server().channelState(r)
                            + " on the host");
                }
            }
            for (int h = ClientConfig.LINUX_FIRST_GPADL_HANDLE; h < ClientConfig.LINUX_FIRST_GPADL_HANDLE + 4096; h++) {
                int handle = h;
                session.server().gpadl(h).ifPresent(g -> {
                    if (client.gpadlState(handle).isEmpty()) {
                        v.add("host holds GPADL " + handle + " of relid " + g.relid() + ", the guest does not");
                    }
                });
            }
            return v;
        }

        private int openStatus() {
            return hostRandom.nextInt(4) == 0 ? ChannelSession.DEVICE_REFUSES : 0;
        }

        private void hostOperation() {
            List<Integer> live = relids.stream()
                    .filter(r -> session.server().channelState(r).filter(s -> s != HostChannelState.REVOKED)
                            .isPresent())
                    .toList();
            if (live.size() < MAX_CHANNELS && hostRandom.nextInt(2) == 0) {
                session.addChannel(this::openStatus).thenAccept(r -> {
                    if (!relids.contains(r)) {
                        relids.add(r);
                    }
                });
                return;
            }
            if (!live.isEmpty() && hostRandom.nextInt(5) < 2) {
                int r = live.get(hostRandom.nextInt(live.size()));
                session.machine().rescind(r); // queued: a hot-add or another rescind may come first
            }
        }

        private void guestOperation() {
            Random g = guestRandom;
            switch (client.state()) {
                case IDLE, UNLOADED -> {
                    if (client.state() == ConnectionState.IDLE || g.nextInt(2) == 0) {
                        futures.add(client.connect());
                    }
                }
                case CONNECTED -> futures.add(client.requestOffers());
                case READY -> readyOperation(g);
                default -> {
                    // CONTACTING, REQUESTING, UNLOADING: wait for the host; FAILED: stay failed
                }
            }
        }

        private void readyOperation(Random g) {
            List<Integer> offered = channelsIn(ChannelState.OFFERED);
            List<Integer> open = channelsIn(ChannelState.OPEN);
            int pick = g.nextInt(100);
            if (pick < 4 && client.negotiatedVersion().orElseThrow().isAtLeast(ProtocolVersion.WIN7)) {
                futures.add(client.unload());
            } else if (pick < 30 && !offered.isEmpty()) {
                int r = offered.get(g.nextInt(offered.size()));
                futures.add(client.createGpadl(r, pages(g, 1 + g.nextInt(MAX_GPADL_PAGES))));
            } else if (pick < 55 && !offered.isEmpty()) {
                int r = offered.get(g.nextInt(offered.size()));
                Integer ring = createdGpadlOf(r, g);
                if (ring != null && g.nextBoolean()) {
                    try {
                        futures.add(client.open(r, ring, 2, 0, null));
                    } catch (IllegalStateException otherChannelsGpadl) {
                        // the GPADL belongs to another channel: the API refuses, nothing was sent
                    }
                } else {
                    futures.add(client.open(r, pages(g, 4 + 2 * g.nextInt(3)), 2, 0, null));
                }
            } else if (pick < 70 && !openOrRescinded().isEmpty()) {
                List<Integer> closable = openOrRescinded();
                client.close(closable.get(g.nextInt(closable.size()))); // rescinded: closes locally
            } else if (pick < 80 && !open.isEmpty()) {
                int r = open.get(g.nextInt(open.size()));
                // from 5.3 only: below it there is no MODIFYCHANNEL_RESPONSE, which VmbusChannel models for every
                // version (a trace of a 4.1..5.2 modify leaves the spec waiting for the response)
                if (client.negotiatedVersion().orElseThrow().isAtLeast(ProtocolVersion.WIN10_V5_3)) {
                    try {
                        futures.add(client.modify(r, g.nextInt(2)));
                    } catch (IllegalStateException outstanding) {
                        // a modify is outstanding on this channel: the API refuses, nothing was sent
                    }
                }
            } else {
                List<Integer> handles = client.liveGpadls();
                if (!handles.isEmpty()) {
                    int h = handles.get(g.nextInt(handles.size()));
                    try {
                        futures.add(client.teardownGpadl(h));
                    } catch (IllegalStateException inUseOrBusy) {
                        // backs a ring or is not CREATED: the API refuses, nothing was sent
                    }
                }
            }
        }

        private List<Integer> channelsIn(ChannelState state) {
            return client.offers().stream().map(o -> o.childRelid())
                    .filter(r -> client.channelState(r).orElse(null) == state && !client.isRescinded(r))
                    .toList();
        }

        private List<Integer> openOrRescinded() {
            // client.offers() lists no rescinded channel: ask for every relid the host has used
            return relids.stream().filter(r -> client.channelState(r).orElse(null) == ChannelState.OPEN).toList();
        }

        private Integer createdGpadlOf(int relid, Random g) {
            for (int h : client.liveGpadls()) {
                if (client.gpadlState(h).orElse(null) == GpadlState.CREATED && g.nextBoolean()) {
                    return h;
                }
            }
            return null;
        }

        private static long[] pages(Random g, int n) {
            long first = ChannelSession.FIRST_DATA_PAGE
                    + g.nextInt(ChannelSession.MEMORY_PAGES - ChannelSession.FIRST_DATA_PAGE - n);
            long[] pfns = new long[n];
            for (int i = 0; i < n; i++) {
                pfns[i] = first + i;
            }
            return pfns;
        }
    }
}
