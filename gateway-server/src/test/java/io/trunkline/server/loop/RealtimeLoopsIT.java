package io.trunkline.server.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.trunkline.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code rtp.realtime-priority}: the loops' threads end up in the FIFO class at the priority asked for, as the
 * kernel reports them, or, where the process may not do that, the gateway is refused with a message that says what
 * it needs, and the threads stay as they were.
 */
@EnabledOnOs(OS.LINUX)
class RealtimeLoopsIT {

    @Test
    void loopThreadsRunInTheFifoClassOrTheSettingIsRefusedSayingWhy() throws Exception {
        try (IoLoops loops = new IoLoops(2)) {
            List<EventLoop> eventLoops = new ArrayList<>();
            loops.group().forEach(e -> eventLoops.add((EventLoop) e));
            List<Long> tids = new ArrayList<>();
            for (EventLoop loop : eventLoops) {
                tids.add(loop.submit(RealtimeLoops::currentThreadId).get());
            }
            try {
                assertEquals(tids, RealtimeLoops.apply(eventLoops, 7));
                for (long tid : tids) {
                    assertEquals(List.of(7L, 1L), priorityAndPolicy(tid), "rt_priority and policy (1 = SCHED_FIFO)");
                }
            } catch (ConfigException refused) {
                assertEquals("rtp.realtime-priority", refused.key());
                assertTrue(refused.getMessage().contains("CAP_SYS_NICE"), refused.getMessage());
                for (long tid : tids) {
                    assertEquals(List.of(0L, 0L), priorityAndPolicy(tid), "still SCHED_OTHER");
                }
            }
        }
    }

    @Test
    void theThreadIdComesFromProcThreadSelf() throws Exception {
        long tid = RealtimeLoops.currentThreadId();
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        assertEquals(Long.parseLong(stat.substring(0, stat.indexOf(' '))), tid);
        assertEquals(5678, RealtimeLoops.threadIdOf(Path.of("1234/task/5678")));
        assertThrows(IllegalArgumentException.class, () -> RealtimeLoops.threadIdOf(Path.of("1234")));
    }

    /** Fields 40 (rt_priority) and 41 (policy) of the thread's stat line. */
    private static List<Long> priorityAndPolicy(long tid) throws IOException {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return List.of(Long.parseLong(fields[40 - 3]), Long.parseLong(fields[41 - 3]));
    }
}
