package io.trunkline.bench.load.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** G1 and ZGC pause lines and safepoints are read; pauses of System.gc() collections are marked induced. */
class GcLogTest {

    @TempDir
    Path dir;

    @Test
    void readsPausesAndSafepoints() throws Exception {
        Path log = dir.resolve("gc.log");
        Files.write(log, List.of(
                "[100ns][gc,start    ] GC(0) Pause Young (Normal) (G1 Evacuation Pause)",
                "[200ns][gc          ] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 30M->5M(512M) 2.345ms",
                "[300ns][gc,phases   ] GC(1) Pause Mark Start 0.012ms",
                "[350ns][gc,phases   ] GC(1) Concurrent Mark 12.3ms",
                "[400ns][gc          ] GC(2) Garbage Collection (System.gc()) 20M(4%)->10M(2%)",
                "[500ns][gc,phases   ] GC(2) Pause Mark End 0.020ms",
                "[600ns][safepoint   ] Safepoint \"ZMarkStart\", Time since last: 1000 ns, Reaching safepoint: 2000"
                        + " ns, At safepoint: 3000 ns, Total: 1500000 ns"));
        GcLog gc = GcLog.read(log);
        List<GcLog.Pause> pauses = gc.pauses(0, Long.MAX_VALUE);
        assertEquals(2, pauses.size());
        assertEquals(2.345, pauses.get(0).millis(), 1e-9);
        assertEquals(200, pauses.get(0).nanoTime());
        assertEquals(0.012, pauses.get(1).millis(), 1e-9);
        assertEquals(3, gc.allPauses().size());
        assertTrue(gc.allPauses().get(2).induced());
        assertFalse(gc.allPauses().get(0).induced());
        assertEquals(1.5, gc.safepoints(0, 1000).get(0).millis(), 1e-9);
        assertEquals(0, gc.safepoints(700, 1000).size());
    }

    @Test
    void readsTheLiveHeapOfG1AndZgc() {
        assertEquals(23456, Jcmd.usedKb(" garbage-first heap   total 524288K, used 23456K [0x0, 0x1)\n"));
        assertEquals(50 * 1024, Jcmd.usedKb(" ZHeap           used 50M, capacity 512M, max capacity 512M\n"));
        assertEquals(-1, Jcmd.usedKb("nothing"));
        assertEquals(7_654_321, Jcmd.liveBytes("12345:\n num     #instances         #bytes  class name\n"
                + "   1:          10           1000  [B (java.base@17)\nTotal         98765        7654321\n"));
        assertEquals(-1, Jcmd.liveBytes("12345:\nConnection refused\n"));
    }
}
