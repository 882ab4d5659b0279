package org.hvref.ic.filecopy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hvref.ic.IcClientStep;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.SpecTracer;

/**
 * One fcopy IC channel wired back to back in one thread: {@link IcHostNegotiator} + {@link FileCopyHostService} on
 * the host, {@link IcServiceClient} + {@link FileCopyDaemon} on the guest; packets are passed by hand.
 */
final class FileCopyIcLoop {
    final IcHostNegotiator host;
    final FileCopyHostService service;
    final FileCopyDaemon daemon;
    final IcServiceClient client;
    int requests;
    int maxWriteData;

    FileCopyIcLoop(Path root, IcVersionPolicy policy, SpecTracer ic, SpecTracer fcopy) {
        this(root, policy, IcService.HOST_FRAMEWORK_VERSIONS, IcService.FCOPY.hostVersions(), ic, fcopy);
    }

    FileCopyIcLoop(Path root, IcVersionPolicy policy, List<IcVersion> fw, List<IcVersion> msg, SpecTracer ic,
                   SpecTracer fcopy) {
        host = new IcHostNegotiator(IcService.FCOPY, fw, msg, ic);
        service = new FileCopyHostService(fcopy);
        daemon = new FileCopyDaemon(FileCopyGuestConfig.of(root), fcopy);
        client = new IcServiceClient(IcService.FCOPY, IcGuestVersions.of(policy, IcService.FCOPY), daemon, ic);
        service.bind(() -> {
        });
    }

    /** Negotiates and tells the service the outcome. */
    IcHostResult negotiate() {
        byte[] offer = host.negotiateRequest();
        Optional<byte[]> answer = client.onPacket(offer, offer.length).response();
        IcHostResult r = answer.isPresent() ? host.onPacket(answer.get(), answer.get().length) : host.timeout();
        if (r instanceof IcHostResult.Negotiated n) {
            service.onNegotiated(n.framework(), n.message());
        } else {
            service.onChannelLost("negotiation failed: " + r);
        }
        return r;
    }

    /** Exchanges up to {@code max} requests the service asks for; returns how many. */
    int pump(int max) {
        int n = 0;
        while (n < max) {
            Optional<byte[]> payload = service.nextRequest();
            if (payload.isEmpty()) {
                break;
            }
            if (payload.get()[0] == FileCopyOperation.WRITE_TO_FILE.code()
                    && FileCopyMessageCodec.decode(payload.get()) instanceof FileCopyMessage.WriteToFile w) {
                // the padded layout: always the full 6196-byte body, at most 6144 valid bytes
                if (payload.get().length != WriteToFileDescriptor.ENCODED_LENGTH) {
                    throw new AssertionError("write body: " + payload.get().length + " bytes (expected: "
                            + WriteToFileDescriptor.ENCODED_LENGTH + ")");
                }
                maxWriteData = Math.max(maxWriteData, w.size());
            }
            IcHostResult.Response r = send(payload.get());
            service.onResponse(r.header(), r.payload());
            n++;
        }
        requests += n;
        return n;
    }

    /** Sends any payload (well-formed or hostile) as an fcopy request; the guest answers, then acts. */
    IcHostResult.Response send(byte[] payload) {
        byte[] packet = host.request(payload);
        IcClientStep step = client.onPacket(packet, packet.length);
        byte[] answer = step.response().orElseThrow();
        IcHostResult r = host.onPacket(answer, answer.length);
        step.delivery().ifPresent(client::deliver);
        return (IcHostResult.Response) r;
    }

    /** The status of the guest's answer to a payload sent with {@link #send}. */
    int status(byte[] payload) {
        return send(payload).header().status();
    }

    /** Runs every request of the current copy. */
    int pumpAll() {
        return pump(Integer.MAX_VALUE);
    }

    /** The host takes the next request, which never arrives: the channel goes away (host first, then guest). */
    void loseChannelWithRequestInFlight() {
        host.request(service.nextRequest().orElseThrow()); // sent, never delivered
        loseChannel();
    }

    /** The channel is closed: both sides learn it, host first. */
    void loseChannel() {
        service.onChannelLost("closed by test");
        daemon.onChannelLost("closed by test");
    }

    /** @return a header of a request, for direct daemon calls */
    static IcHeader header(IcVersion msg, int size) {
        return IcHeader.hostRequest(IcService.FCOPY.messageType(), IcVersion.V3_0, msg, size);
    }

    static int decodeStatus(byte[] answer) {
        return IcCodec.decodeHeader(answer, answer.length).status();
    }
}
