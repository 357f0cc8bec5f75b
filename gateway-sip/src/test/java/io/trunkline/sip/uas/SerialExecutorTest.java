package io.trunkline.sip.uas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void shutdown() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void tasksRunInSubmissionOrderOnAPool() {
        SerialExecutor serial = new SerialExecutor(pool);
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 10; i++) {
                int n = round * 10 + i;
                serial.execute(() -> seen.add(n));
            }
            int expected = (round + 1) * 10;
            Await.until(Duration.ofSeconds(5), "round " + round, () -> seen.size() == expected);
        }
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void queueIsBoundedAndAFailingTaskDoesNotStopTheRest() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        serial.execute(() -> {
            started.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        // The running task has left the queue: the queue now takes exactly MAX_QUEUED more.
        serial.execute(() -> {
            throw new IllegalStateException("boom");
        });
        List<String> after = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < SerialExecutor.MAX_QUEUED - 1; i++) {
            serial.execute(() -> after.add("x"));
        }
        assertThrows(RejectedExecutionException.class, () -> serial.execute(() -> after.add("too many")));
        release.countDown();
        Await.until(Duration.ofSeconds(5), "queued tasks ran", () -> after.size() == SerialExecutor.MAX_QUEUED - 1);
        serial.execute(() -> after.add("later"));
        Await.until(Duration.ofSeconds(5), "executor usable again", () -> after.contains("later"));
    }
}
