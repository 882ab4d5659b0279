package org.hvref.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs TLC on every cfg of {@code manifest.json} (fresh JVM each) and fails on any drift of verdict, violated
 * property or distinct-state count.
 */
class TlcModelCheckTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static SpecFiles files;
    private static Manifest manifest;
    private static TlcRunner runner;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
        manifest = Manifest.load(files);
        runner = TlcRunner.usingClasspath();
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    @TestFactory
    Stream<DynamicTest> shouldReproduceEveryManifestEntry() {
        return manifest.entries().stream().map(entry -> DynamicTest.dynamicTest(entry.displayName(), () -> {
            TlcResult result = runner.run(files.root(), entry.spec(), entry.cfg(), List.of(), TIMEOUT, null);
            String context = entry.cfg() + ": " + result.summary() + "\n" + String.join("\n", result.errors())
                    + "\n" + result.counterexample().render() + "\n--- TLC output tail ---\n"
                    + result.outputTail(30);
            assertEquals(List.of(), entry.drift(result), "drift of " + context);
        }));
    }

    @Test
    void shouldListEveryCfgOfTheSpecTreeInTheManifest() {
        List<String> missing = new ArrayList<>();
        for (String cfg : files.listCfgs()) {
            if (manifest.entryFor(cfg).isEmpty()) {
                missing.add(cfg);
            }
        }
        assertEquals(List.of(), missing, "cfgs without a manifest entry");
    }

    @Test
    void shouldPointEveryManifestEntryAtExistingFiles() {
        for (ManifestEntry entry : manifest.entries()) {
            assertTrue(files.resolve(entry.spec() + ".tla").toFile().isFile(), "spec of " + entry.cfg());
            assertTrue(files.resolve(entry.cfg()).toFile().isFile(), "cfg " + entry.cfg());
        }
    }

    @Test
    void shouldNameAMustFailCfgAfterItsHazard() {
        for (ManifestEntry entry : manifest.entries()) {
            boolean mustFail = entry.expectedVerdict() != TlcVerdict.PASS;
            // two kinds of must-fail cfg: a hazard reproduced (_bug) and a non-vacuity probe (_probe_<what>)
            boolean named = entry.cfg().endsWith("_bug.cfg") || entry.cfg().matches(".*_probe_[a-z_]+\\.cfg");
            assertEquals(mustFail, named,
                    entry.cfg() + ": must-fail cfgs and only they end in _bug.cfg or _probe_<what>.cfg");
            if (mustFail) {
                assertTrue(entry.violated() != null && entry.hazard() != null,
                        entry.cfg() + ": a must-fail entry names the violated property and the hazard");
            }
        }
    }
}
