package org.hvref.mbt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcResult;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.TlcVerdict;

/** Runs TLC once on a configuration with {@code -dump dot,actionlabels} and parses the complete state graph. */
public final class TlcStateGraph {

    private TlcStateGraph() {
    }

    /**
     * Dumps and parses the state graph of {@code cfg}, checked without its temporal properties (their checking is
     * the spec module's job and dominates the run time).
     *
     * @param files  the materialized spec tree
     * @param runner the TLC runner
     * @param spec   the spec, relative to the spec root (e.g. {@code ic/MCFileCopy})
     * @param cfg    the configuration, relative to the spec root
     * @return the graph; TLC must pass and the dump must hold TLC's count of distinct states
     */
    public static StateGraph dump(SpecFiles files, TlcRunner runner, String spec, String cfg) throws IOException {
        Path scratch = Files.createTempDirectory("hvref-mbt-");
        try {
            files.copyTo(scratch);
            String mbtCfg = cfg.replace(".cfg", "_dump.cfg");
            Files.write(scratch.resolve(mbtCfg), withoutProperties(Files.readAllLines(scratch.resolve(cfg),
                StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            Path dot = scratch.resolve("graph.dot").toAbsolutePath();
            TlcResult r = runner.run(scratch, spec, mbtCfg, List.of("-dump", "dot,actionlabels", dot.toString()),
                Duration.ofMinutes(5), null);
            if (r.verdict() != TlcVerdict.PASS) {
                throw new AssertionError(cfg + ": TLC " + r.summary() + " (expected: pass)\n" + r.outputTail(30));
            }
            StateGraph g = StateGraph.parse(dot);
            if (r.distinctStates() != g.stateCount()) {
                throw new AssertionError(cfg + ": " + g.stateCount() + " states in the dump (expected: TLC's count "
                    + r.distinctStates() + ")");
            }
            return g;
        } finally {
            TlcRunner.deleteScratch(scratch);
        }
    }

    /** The cfg lines without its PROPERTY/PROPERTIES section. */
    static List<String> withoutProperties(List<String> lines) {
        List<String> kept = new ArrayList<>();
        boolean inProperties = false;
        for (String line : lines) {
            if (line.startsWith("PROPERTIES") || line.startsWith("PROPERTY")) {
                inProperties = true;
                continue;
            }
            if (inProperties && (line.isBlank() || Character.isWhitespace(line.charAt(0)))) {
                continue;
            }
            inProperties = false;
            kept.add(line);
        }
        return kept;
    }
}
