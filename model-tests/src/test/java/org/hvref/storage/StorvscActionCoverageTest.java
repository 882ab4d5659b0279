package org.hvref.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hvref.spec.SpecFiles;
import org.hvref.storage.session.StorvscActions;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StorvscActionCoverage}: the Next actions it reads from StorvscProtocol.tla are exactly the events the Java
 * sides record ({@link StorvscActions#ALL}), and its table and assertion report missing actions and strangers.
 */
class StorvscActionCoverageTest {
    private static SpecFiles files;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    private static Map<String, Object> e(String action) {
        return Map.of(TraceEvent.ACTION_KEY, action);
    }

    @Test
    void shouldReadTheSeventeenNextActionsThatStorvscActionsNames() {
        Set<String> next = StorvscActionCoverage.nextActions(files);
        assertEquals(17, next.size(), next::toString);
        assertTrue(next.containsAll(Set.of("GuestProbe", "GuestIssueIo", "HostHotAdd", "HostHotRemove",
                "HostStrayComplete", "Rescind")), next::toString);
        assertEquals(next, new TreeSet<>(StorvscActions.ALL), "StorvscActions.ALL = the Next actions");
    }

    @Test
    void shouldCountEventsAndMarkMissingActionsAndStrangers() {
        Set<String> next = StorvscActionCoverage.nextActions(files);
        List<List<Map<String, Object>>> traces = List.of(
                List.of(e("GuestBeginInit"), e("HostRcvBegin"), e("GuestRcvInitComplete")),
                List.of(e("GuestBeginInit"), e("GuestRetry")));
        Map<String, Integer> counts = StorvscActionCoverage.counts(next, traces);
        assertEquals(2, counts.get("GuestBeginInit"));
        assertEquals(0, counts.get("HostHotAdd"));
        assertEquals(1, counts.get("GuestRetry"));
        String table = StorvscActionCoverage.table(next, traces);
        assertTrue(table.startsWith("StorvscProtocol action coverage: 3/17 actions, 2 traces"), table);
        assertTrue(table.matches("(?s).*HostHotAdd +0  <- MISSING.*"), table);
        assertTrue(table.matches("(?s).*GuestRetry +1  <- NOT A Next ACTION.*"), table);
        AssertionError missing = assertThrows(AssertionError.class,
                () -> StorvscActionCoverage.assertCoversNext(files, traces));
        assertTrue(missing.getMessage().contains("HostStrayComplete"), missing.getMessage());
        // every action once, plus a stranger: still refused
        List<Map<String, Object>> all = next.stream().map(StorvscActionCoverageTest::e).toList();
        StorvscActionCoverage.assertCoversNext(files, List.of(all));
        assertThrows(AssertionError.class, () -> StorvscActionCoverage.assertCoversNext(files,
                List.of(all, List.of(e("GuestRetry")))));
    }
}
