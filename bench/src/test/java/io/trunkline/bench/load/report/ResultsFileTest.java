package io.trunkline.bench.load.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows are appended under a matching table, a new table is started otherwise, and nothing is ever removed. */
class ResultsFileTest {

    @TempDir
    Path dir;

    @Test
    void startsATableThenAppendsUnderIt() throws Exception {
        Path file = dir.resolve("RESULTS.md");
        Files.writeString(file, "# Results\n\nSome text the lead wrote.\n");
        ResultsFile.append(file, "| a | b |", "| 1 | 2 |");
        ResultsFile.append(file, "| a | b |", "| 3 | 4 |");
        assertEquals("# Results\n\nSome text the lead wrote.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |\n",
                Files.readString(file));
    }

    @Test
    void aDifferentHeaderOrTextAfterTheTableStartsANewTable() throws Exception {
        Path file = dir.resolve("RESULTS.md");
        ResultsFile.append(file, "| a | b |", "| 1 | 2 |");
        Files.writeString(file, Files.readString(file) + "\nA note.\n");
        ResultsFile.append(file, "| a | b |", "| 3 | 4 |");
        ResultsFile.append(file, "| c |", "| 5 |");
        String text = Files.readString(file);
        assertTrue(text.startsWith("| a | b |\n| --- | --- |\n| 1 | 2 |\n\nA note.\n\n| a | b |\n| --- | --- |\n| 3 | 4 |\n"),
                text);
        assertTrue(text.endsWith("\n\n| c |\n| --- |\n| 5 |\n"), text);
    }

    @Test
    void cellsEscapePipes() {
        assertEquals("a \\| b c", ResultsFile.cell("a | b\nc"));
    }
}
