package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Durations ("1h30m") and the did-you-mean distance. */
class SpellingTest {
    @Test
    void parsesDurationsWithUnits() {
        assertEquals(30, TomlSection.parseDuration("30s"));
        assertEquals(480 * 60, TomlSection.parseDuration("480m"));
        assertEquals(8 * 3600, TomlSection.parseDuration("8h"));
        assertEquals(86400, TomlSection.parseDuration("1d"));
        assertEquals(5400, TomlSection.parseDuration("1h30m"));
    }

    @Test
    void rejectsDurationsWithoutAUnitOrWithWords() {
        for (String bad : List.of("", "30", "m5", "8 hours", "1h 30m", "1w", "-5s"))
            assertEquals(-1, TomlSection.parseDuration(bad), bad);
    }

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertEquals(1, DidYouMean.distance("lsit", "list"));
        assertEquals(1, DidYouMean.distance("aes129", "aes128"));
        assertEquals(3, DidYouMean.distance("kitten", "sitting"));       // the textbook Levenshtein example
    }

    @Test
    void suggestsOnlyCloseNames() {
        assertEquals(Optional.of("filter-list"), DidYouMean.nearest("filter-lsit", RuleSection.KEYS));
        assertEquals(Optional.empty(), DidYouMean.nearest("kerberos", RuleSection.KEYS));
        assertEquals(Optional.of("name"), DidYouMean.nearest("Name", PolicyFileParser.KEYS));
    }
}
