package org.hvref.channel.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Test helper: a device that records its calls and answers opens with {@link #openAnswer} (null = at once, 0). */
final class TestDevice implements HostDevice {
    final List<OpenRequest> opens = new ArrayList<>();
    final List<HostChannelRings> rings = new ArrayList<>();
    final List<Integer> modifies = new ArrayList<>();
    int closes;
    CompletableFuture<Integer> openAnswer;
    CompletableFuture<Integer> modifyAnswer;

    @Override
    public CompletableFuture<Integer> open(OpenRequest request, HostChannelRings channelRings) {
        opens.add(request);
        rings.add(channelRings);
        return openAnswer != null ? openAnswer : CompletableFuture.completedFuture(0);
    }

    @Override
    public void close() {
        closes++;
    }

    @Override
    public CompletableFuture<Integer> modify(int targetVp) {
        modifies.add(targetVp);
        return modifyAnswer != null ? modifyAnswer : CompletableFuture.completedFuture(0);
    }
}
