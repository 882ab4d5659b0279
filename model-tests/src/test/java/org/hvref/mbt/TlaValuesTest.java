package org.hvref.mbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The TLC value parser the state-graph tests read TLC's states with. */
class TlaValuesTest {

    @Test
    void shouldParseSetsAsSets() {
        assertEquals(Set.of(), TlaValues.parse("{}"));
        assertEquals(Set.of("UnknownRelid", "DuplicateGpadlId"),
            TlaValues.parse("{\"UnknownRelid\", \"DuplicateGpadlId\"}"));
        assertEquals(Set.of(1L, 2L), TlaValues.parse("{2, 1}"));
    }

    @Test
    void shouldParseRecordsInSequences() {
        assertEquals(List.of(Map.of("st", "free", "r", 0L, "n", 1L)),
            TlaValues.parse("<<[st |-> \"free\", r |-> 0, n |-> 1]>>"));
    }

    @Test
    void shouldParseAStateWithASetVariable() {
        Map<String, Object> s = TlaValues.parseState("/\\ errs = {}\n/\\ gch = <<\"none\">>\n/\\ gvi = 1");
        assertEquals(Map.of("errs", Set.of(), "gch", List.of("none"), "gvi", 1L), s);
    }

    @Test
    void shouldParseFunctionsOutsideOneToNAsMaps() {
        assertEquals(Map.of(0L, "none"), TlaValues.parse("(0 :> \"none\")"));
        assertEquals(Map.of(0L, "disk", 3L, Set.of(1L)), TlaValues.parse("(3 :> {1} @@ 0 :> \"disk\")"));
        assertThrows(RuntimeException.class, () -> TlaValues.parse("(0 :> 1 @@ 2)"));
    }

    @Test
    void shouldRejectAnUnclosedSet() {
        assertThrows(RuntimeException.class, () -> TlaValues.parse("{1, 2"));
    }
}
