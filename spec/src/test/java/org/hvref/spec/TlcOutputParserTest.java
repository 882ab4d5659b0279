package org.hvref.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlcOutputParserTest {

    static TlcOutputParser parse(String resource, List<TlcMessage> seen) throws IOException {
        TlcOutputParser parser = new TlcOutputParser(seen::add);
        try (InputStream in = TlcOutputParserTest.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n", -1)) {
                parser.accept(line);
            }
        }
        return parser;
    }

    @Test
    void shouldReportTheViolatedInvariantAndFinalCounts() throws IOException {
        List<TlcMessage> seen = new ArrayList<>();
        TlcResult r = parse("tlc-invariant-copybuf.out", seen).result(12, CfgFile.parse(""), Duration.ZERO);
        assertEquals(TlcVerdict.INVARIANT, r.verdict());
        assertEquals("ReadIndexOnPacketBoundaryInv", r.violated());
        assertEquals(20, r.distinctStates());
        assertEquals(22, r.generatedStates());
        assertTrue(seen.stream().anyMatch(m -> m.code() == TlcMessage.INVARIANT_VIOLATED),
                "listener saw the violation message");
        assertTrue(r.errors().stream().anyMatch(e -> e.contains("ReadIndexOnPacketBoundaryInv")));
    }

    @Test
    void shouldNameATemporalPropertyOnlyWhenTheCfgListsExactlyOne() throws IOException {
        TlcOutputParser parser = parse("tlc-liveness-no-recheck.out", new ArrayList<>());
        TlcResult one = parser.result(13, CfgFile.parse("SPECIFICATION Spec\nPROPERTY\n  NoLostWakeupProp\n"),
                Duration.ZERO);
        assertEquals(TlcVerdict.LIVENESS, one.verdict());
        assertEquals("NoLostWakeupProp", one.violated());
        TlcResult two = parser.result(13, CfgFile.parse("PROPERTIES A B \\* comment C\n"), Duration.ZERO);
        assertNull(two.violated());
    }

    @Test
    void shouldTreatExitZeroWithoutTheSuccessMessageAsAnError() {
        TlcOutputParser parser = new TlcOutputParser(null);
        parser.accept("Error: Parsing or semantic analysis failed.");
        assertEquals(TlcVerdict.ERROR, parser.result(0, null, Duration.ZERO).verdict());
        assertEquals(TlcVerdict.TIMEOUT, parser.result(-1, null, Duration.ZERO).verdict());
        assertEquals(TlcVerdict.ERROR, parser.result(150, null, Duration.ZERO).verdict());
    }

    @Test
    void shouldParseCfgInvariantsAndPropertiesIgnoringComments() {
        CfgFile cfg = CfgFile.parse("\\* INVARIANT Commented\nCONSTANTS N = 3\n(* PROPERTY Hidden *)\n"
                + "INVARIANTS\n  TypeOK \\* the types\n  SafeInv\nPROPERTY Live\nCHECK_DEADLOCK FALSE\n");
        assertEquals(List.of("TypeOK", "SafeInv"), cfg.invariants());
        assertEquals(List.of("Live"), cfg.properties());
    }
}
