package org.hvref.channel.guest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hvref.ring.GpaRange;

/** One GPADL as the client tracks it (guarded by the client's lock). */
final class GuestGpadl {
    final int handle;
    final int relid;
    final List<GpaRange> ranges;
    GpadlState state = GpadlState.CREATING;
    /** Completed on GPADL_CREATED. */
    final CompletableFuture<Integer> created = new CompletableFuture<>();
    /** Completed on GPADL_TORNDOWN; {@code null} until a teardown is requested. */
    CompletableFuture<Void> tornDown;

    GuestGpadl(int handle, int relid, List<GpaRange> ranges) {
        this.handle = handle;
        this.relid = relid;
        this.ranges = List.copyOf(ranges);
    }

    /** @return whether a host answer is outstanding (VmbusChannel {@code GuestGpOutstanding}) */
    boolean outstanding() {
        return state != GpadlState.CREATED;
    }
}
