package org.hvref.ring.model;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoverExperimentTest {
    @Test
    void cover() throws Exception {
        StateGraph g = RingModelBasedTest.dumpStateGraph("ring/MCVmbusRing.cfg");
        List<List<StateGraph.Edge>> paths = g.edgeCover();
        long steps = paths.stream().mapToLong(List::size).sum();
        // lower bound: shortest distance from init to each edge source, summed over required path starts
        System.out.println("COVER edges=" + g.edges().size() + " paths=" + paths.size() + " steps=" + steps);
    }
}
