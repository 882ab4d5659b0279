package org.hvref.ic.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.ic.shutdown.ShutdownAction;
import org.hvref.ic.shutdown.ShutdownDaemon;
import org.hvref.ic.shutdown.ShutdownFamily;
import org.hvref.ic.shutdown.ShutdownHandler;
import org.hvref.ic.timesync.GuestClock;
import org.hvref.ic.timesync.TimeSyncDaemon;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the guest shutdown and time-sync daemons behind a negotiated {@link IcServiceClient}
 * with a hostile host's payloads (devices-ic-input-video.md §3, §4).
 *
 * <p>Input: byte 0 picks the target ({@code value mod 6}: 0-2 shutdown with family {@link ShutdownFamily#values()},
 * 3-5 time sync negotiated at message version 1.0, 3.0, 4.0); the rest (at most 4096 bytes) is the service payload the
 * host sends. Oracle: the guest answers every request with S_OK or E_FAIL, in place and with the payload echoed,
 * never throwing; a refused request makes the shutdown handler act or the clock step never; an accepted one at most
 * once. The guest clock and reference counter are fixed; the shutdown handler agrees at once.
 *
 * <p>Under {@code mvn verify} this runs in Jazzer's regression mode over the seed corpus
 * {@code src/test/resources/org/hvref/ic/properties/IcShutdownTimeSyncFuzzTestInputs/answersAndNeverActsOnRefusals/}:
 * {@code valid-*} seeds are answered S_OK, {@code hostile-*} seeds E_FAIL ({@link #seedCorpusShouldBeWhatItsNamesSay}).
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=IcShutdownTimeSyncFuzzTest} fuzzes.
 */
class IcShutdownTimeSyncFuzzTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "org", "hvref", "ic", "properties",
            "IcShutdownTimeSyncFuzzTestInputs", "answersAndNeverActsOnRefusals");
    private static final List<IcVersion> TIMESYNC_VERSIONS = List.of(IcVersion.V1_0, IcVersion.V3_0, IcVersion.V4_0);
    /** The fixed guest clock: 2020-09-13T12:26:40Z. */
    private static final long GUEST_NOW = 1_600_000_000_000_000_000L;
    /** The fixed reference counter: 100 000 s after partition start. */
    private static final long COUNTER = 1_000_000_000_000L;

    @FuzzTest(maxDuration = "10m")
    void answersAndNeverActsOnRefusals(byte[] input) {
        answer(input);
    }

    /** Runs one input; returns the answer's status. */
    private static int answer(byte[] input) {
        int target = input.length == 0 ? 0 : (input[0] & 0xFF) % 6;
        byte[] payload = input.length <= 1 ? new byte[0]
                : Arrays.copyOfRange(input, 1, Math.min(input.length, 1 + 4096));
        List<String> acts = new ArrayList<>();
        IcService service;
        IcVersion version;
        IcRequestConsumer daemon;
        if (target < 3) {
            service = IcService.SHUTDOWN;
            version = IcVersion.V3_2;
            daemon = new ShutdownDaemon(new AgreeingHandler(acts), ShutdownFamily.values()[target],
                    Duration.ofSeconds(15), (answer, limit) -> answer.isDone());
        } else {
            service = IcService.TIMESYNC;
            version = TIMESYNC_VERSIONS.get(target - 3);
            daemon = new TimeSyncDaemon(new GuestClock() {
                @Override
                public long nowNanos() {
                    return GUEST_NOW;
                }

                @Override
                public void step(long unixNanos) {
                    acts.add("step " + unixNanos);
                }
            }, () -> COUNTER);
        }
        IcHostNegotiator host = new IcHostNegotiator(service, IcService.HOST_FRAMEWORK_VERSIONS, List.of(version),
                org.hvref.trace.SpecTracer.OFF);
        IcServiceClient guest = new IcServiceClient(service, IcGuestVersions.of(IcVersionPolicy.LINUX, service),
                daemon, org.hvref.trace.SpecTracer.OFF);
        byte[] negotiate = host.negotiateRequest();
        byte[] chosen = guest.onPacket(negotiate, negotiate.length).response().orElseThrow();
        host.onPacket(chosen, chosen.length);

        byte[] packet = host.request(payload);
        List<byte[]> answers = new ArrayList<>();
        guest.process(packet, packet.length, answers::add);
        assertEquals(1, answers.size(), "exactly one answer");
        byte[] a = answers.get(0);
        assertEquals(packet.length, a.length, "answered in place");
        assertArrayEquals(payload, Arrays.copyOfRange(a, 28, a.length), "payload echoed");
        int status = IcCodec.decodeHeader(a, a.length).status();
        assertTrue(status == IcStatus.S_OK || status == IcStatus.E_FAIL, IcStatus.describe(status));
        if (status == IcStatus.E_FAIL) {
            assertEquals(List.of(), acts, "refused requests never act");
        }
        assertTrue(acts.size() <= 1, "at most one action per request");
        return status;
    }

    @Test
    void seedCorpusShouldBeWhatItsNamesSay() throws IOException {
        List<Path> seeds;
        try (Stream<Path> list = Files.list(CORPUS)) {
            seeds = list.sorted().toList();
        }
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("valid-")), "valid seeds");
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("hostile-")), "hostile seeds");
        for (Path seed : seeds) {
            String name = seed.getFileName().toString();
            assertTrue(name.startsWith("valid-") || name.startsWith("hostile-"),
                    () -> "seed name: " + name + " (expected: valid-* or hostile-*)");
            int status = answer(Files.readAllBytes(seed));
            assertEquals(name.startsWith("valid-") ? IcStatus.S_OK : IcStatus.E_FAIL, status, name);
        }
    }

    /** Agrees at once and records what it is told to do. */
    private record AgreeingHandler(List<String> acts) implements ShutdownHandler {
        @Override
        public CompletionStage<Boolean> canPerform(ShutdownAction action) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void perform(ShutdownAction action, boolean force) {
            acts.add("perform " + action);
        }
    }
}
