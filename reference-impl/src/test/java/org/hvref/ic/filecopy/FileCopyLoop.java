package org.hvref.ic.filecopy;

import java.nio.ByteBuffer;
import java.util.Optional;

/** Drives a host session against a guest session through encoded bodies, as the IC channel would. */
final class FileCopyLoop {
    private FileCopyLoop() {
    }

    /** Runs until the host session ends; returns the number of requests exchanged. */
    static int run(FileCopyHostSession host, FileCopyGuestSession guest) {
        int requests = 0;
        for (Optional<byte[]> body = host.nextBody(); body.isPresent(); body = host.nextBody()) {
            FileCopyReply reply = guest.handleBody(ByteBuffer.wrap(body.get()));
            host.onReply(reply.status());
            requests++;
        }
        return requests;
    }
}
