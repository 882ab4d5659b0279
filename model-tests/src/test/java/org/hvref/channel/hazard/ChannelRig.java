package org.hvref.channel.hazard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.guest.ClientConfig;
import org.hvref.channel.guest.OpenedChannel;
import org.hvref.channel.guest.VmbusClient;
import org.hvref.channel.host.HostConfig;
import org.hvref.channel.host.VmbusServer;
import org.hvref.channel.host.WindowsHost;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.trace.ChannelSession;
import org.hvref.hypervisor.DeterministicScheduler;
import org.hvref.hypervisor.Side;

/**
 * A deterministic {@link ChannelSession} for forcing one interleaving: the test calls the guest's API and the host's
 * {@code rescind} directly between steps (each call is one step of that side, nothing else runs meanwhile) and steps
 * each side's queued work explicitly ({@link #hostOnly()}, {@link #guestOnly()}, {@link #settle()}).
 */
final class ChannelRig implements AutoCloseable {
    final DeterministicScheduler scheduler = DeterministicScheduler.seeded(1);
    final ChannelSession session;
    final VmbusClient client;
    final VmbusServer server;
    private long nextPage = ChannelSession.FIRST_DATA_PAGE;

    /** A Windows Server 2022 host (5.3) and the default guest. */
    ChannelRig() {
        this(WindowsHost.WINDOWS_SERVER_2022);
    }

    ChannelRig(WindowsHost preset) {
        List<ProtocolVersion> versions = new ArrayList<>(ClientConfig.defaults(0x1000).versions());
        this.session = new ChannelSession(scheduler, HostConfig.of(preset), versions);
        this.client = session.client();
        this.server = session.server();
    }

    /** Adds a channel whose device answers every open with {@code status} (as a later host task). */
    int addChannel(int status) {
        return session.machine().await(session.addChannel(() -> status));
    }

    /** Connects and receives the offers. */
    void connect() {
        session.machine().await(client.connect());
        session.machine().await(client.requestOffers());
    }

    /** @return n fresh guest pages */
    long[] pages(int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = nextPage++;
        }
        return p;
    }

    /** Creates a GPADL of n pages and waits for it. */
    int gpadl(int relid, int n) {
        return session.machine().await(client.createGpadl(relid, pages(n)));
    }

    /** Opens the channel on a new 4-page ring GPADL and waits for the result. */
    OpenedChannel open(int relid) {
        return session.machine().await(client.open(relid, pages(4), 2, 0, null));
    }

    /** Steps the host until it has nothing queued; the guest does not move. */
    void hostOnly() {
        while (scheduler.step(Side.HOST)) {
            // one host task per iteration
        }
    }

    /** Steps the guest until it has nothing queued; the host does not move. */
    void guestOnly() {
        while (scheduler.step(Side.GUEST)) {
            // one guest task per iteration
        }
    }

    /** Steps the host until a task whose label starts with {@code prefix} is queued on the host. */
    void hostUntilQueued(String prefix) {
        while (!scheduler.hasPending(Side.HOST, prefix)) {
            if (!scheduler.step(Side.HOST)) {
                throw new IllegalStateException("host idle before " + prefix + " was queued");
            }
        }
    }

    /** Runs both sides until idle. */
    void settle() {
        session.machine().settle();
    }

    /** @return whether the future failed with an exception of that type */
    static boolean failedWith(CompletableFuture<?> f, Class<? extends Throwable> type) {
        if (!f.isCompletedExceptionally()) {
            return false;
        }
        try {
            f.join();
            return false;
        } catch (java.util.concurrent.CompletionException e) {
            return type.isInstance(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            return false;
        }
    }

    /** @return the trace so far */
    List<Map<String, Object>> trace() {
        return session.trace();
    }

    /** @return the index of the first event named {@code e} with field {@code f} = {@code value}, or -1 */
    static int indexOf(List<Map<String, Object>> trace, String e, String f, Object value) {
        for (int i = 0; i < trace.size(); i++) {
            Map<String, Object> ev = trace.get(i);
            if (ev.get("e").equals(e) && (f == null || value.equals(ev.get(f)))) {
                return i;
            }
        }
        return -1;
    }

    /** @return how many events named {@code e} the trace has */
    static long count(List<Map<String, Object>> trace, String e) {
        return trace.stream().filter(ev -> ev.get("e").equals(e)).count();
    }

    /** @return the events that carry a drop tag */
    static List<Map<String, Object>> drops(List<Map<String, Object>> trace) {
        return trace.stream().filter(ev -> ev.containsKey("err")).toList();
    }

    @Override
    public void close() {
        session.close();
    }
}
