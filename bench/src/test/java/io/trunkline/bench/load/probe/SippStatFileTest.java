package io.trunkline.bench.load.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mean call length of SIPp's -trace_stat file, as SIPp writes it (HH:MM:SS:micros). */
class SippStatFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheCumulatedMeanCallLength() throws Exception {
        Path stat = dir.resolve("sipp-stat.csv");
        Files.writeString(stat, "SuccessfulCall(C);CallLength(P);CallLength(C);\n"
                + "0;00:00:00:000000;00:00:00:000000;\n"
                + "20;00:00:00:000000;00:00:09:133000;\n");
        assertEquals(9.133, SippStatFile.meanCallSeconds(stat), 1e-9);
        assertTrue(Double.isNaN(SippStatFile.meanCallSeconds(dir.resolve("missing.csv"))));
    }
}
