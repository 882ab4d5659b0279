package org.hvref.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterexampleTest {

    private static Counterexample fromResource(String resource) throws IOException {
        return TlcOutputParserTest.parse(resource, new ArrayList<>()).counterexample();
    }

    @Test
    void shouldParseStatesWithTheirActionsAndVariables() throws IOException {
        Counterexample cx = fromResource("tlc-invariant-copybuf.out");
        assertEquals(7, cx.states().size());
        assertEquals(Counterexample.INITIAL, cx.states().get(0).action());
        assertEquals(List.of("WriterCopy", "WriterPublish", "WriterReadMask", "WriterDecideSignal", "ReaderWake",
                "ReaderRead"), cx.actions());
        assertEquals(Counterexample.Ending.NONE, cx.ending());
        Counterexample.State last = cx.last();
        assertEquals(7, last.number());
        assertEquals("16", last.value("rr"));
        assertEquals("<<[len |-> 24, pkt |-> 1, at |-> 0]>>", last.value("ring"));
        assertEquals("\"drain\"", last.value("rpc"));
        assertEquals(22, last.variables().size());
    }

    @Test
    void shouldRenderAllVariablesFirstThenOnlyTheChangedOnes() throws IOException {
        String text = fromResource("tlc-invariant-copybuf.out").render();
        String[] blocks = text.split("\n(?=\\d+: )");
        assertEquals(7, blocks.length, text);
        assertTrue(blocks[0].startsWith("1: <Initial predicate>\n"), text);
        assertTrue(blocks[0].contains("\n  wi = 0\n"), text);
        assertTrue(blocks[0].contains("\n  ring = <<>>"), text);
        assertTrue(blocks[1].startsWith("2: WriterCopy\n"), text);
        assertTrue(blocks[1].contains("\n  nsent = 1"), text);
        assertTrue(blocks[1].contains("\n  wpc = \"publish\""), text);
        assertFalse(blocks[1].contains("  wi = "), "wi did not change in step 2:\n" + text);
        assertTrue(blocks[2].startsWith("3: WriterPublish\n  "), text);
        assertTrue(blocks[2].contains("\n  wi = 24"), text);
        assertTrue(blocks[6].startsWith("7: ReaderRead\n"), text);
        assertTrue(blocks[6].contains("\n  rr = 16"), text);
    }

    @Test
    void shouldEndAStutteringCounterexampleWithStuttering() throws IOException {
        Counterexample cx = fromResource("tlc-liveness-no-recheck.out");
        assertEquals(Counterexample.Ending.STUTTERING, cx.ending());
        assertEquals(15, cx.states().size());
        assertEquals("WriterRecheck", cx.last().action());
        assertTrue(cx.render().endsWith("16: Stuttering (for ever)\n"), cx.render());
    }

    @Test
    void shouldParseALassoAndASingleVariableState() throws IOException {
        Counterexample cx = fromResource("tlc-lasso.out");
        assertEquals(Counterexample.Ending.LOOP, cx.ending());
        assertEquals(1, cx.loopBackTo());
        assertEquals(List.of("Next", "Next"), cx.actions());
        assertEquals("2", cx.last().value("x"));
        assertTrue(cx.render().endsWith("3: Next\n  x = 2\n4: Back to state 1\n"), cx.render());
    }

    @Test
    void shouldKeepMultiLineValuesTogether() {
        Counterexample.State s = Counterexample.parseState("3: <Act line 1, col 1 to line 2, col 2 of module M>\n"
                + "/\\ q = << [a |-> 1,\n      b |-> 2] >>\n/\\ n = 3\n");
        assertEquals("Act", s.action());
        assertEquals("<< [a |-> 1,\nb |-> 2] >>", s.value("q"));
        assertEquals("3", s.value("n"));
        assertThrows(IllegalArgumentException.class, () -> s.value("missing"));
    }

    @Test
    void shouldRejectAMalformedStateHeader() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Counterexample.parseState("no header here"));
        assertTrue(e.getMessage().startsWith("tlc state header: no header here (expected: "), e.getMessage());
    }
}
