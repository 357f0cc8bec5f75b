package io.trunkline.rtp.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.media.PortsExhaustedException;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RtpPortAllocatorTest {

    @Test
    void pairsAreEvenRtpAndOddRtcpInsideTheRange() throws Exception {
        RtpConfig config = new RtpConfig("127.0.0.1", null, 30000, 30009, true, Duration.ofSeconds(30), 1000, 1);
        RtpPortAllocator ports = new RtpPortAllocator(config);
        assertEquals(5, ports.total());
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            PortPair pair = ports.acquire();
            assertEquals(0, pair.rtpPort() % 2, "RTP port even");
            assertEquals(pair.rtpPort() + 1, pair.rtcpPort(), "RTCP right above RTP");
            assertTrue(pair.rtpPort() >= 30000 && pair.rtcpPort() <= 30009, "inside the range: " + pair);
            assertTrue(seen.add(pair.rtpPort()), "handed out once: " + pair);
        }
        assertEquals(5, ports.inUse());
    }

    @Test
    void oddPortMaxLeavesNoHalfPair() throws Exception {
        RtpPortAllocator ports = new RtpPortAllocator(
                new RtpConfig("127.0.0.1", null, 30000, 30004, true, Duration.ofSeconds(30), 1000, 1));
        assertEquals(2, ports.total(), "30004 alone cannot form a pair");
        ports.acquire();
        PortPair last = ports.acquire();
        assertEquals(30002, last.rtpPort());
        assertThrows(PortsExhaustedException.class, ports::acquire);
    }

    @Test
    void exhaustionIsReportedClearlyAndReleaseMakesRoom() throws Exception {
        RtpPortAllocator ports = new RtpPortAllocator(40000, 2, 4);
        PortPair a = ports.acquire();
        ports.acquire();
        PortsExhaustedException e = assertThrows(PortsExhaustedException.class, ports::acquire);
        assertTrue(e.getMessage().contains("all 2"), e.getMessage());
        ports.release(a);
        assertEquals(a, ports.acquire());
        assertEquals(2, ports.inUse());
    }

    @Test
    void reuseTakesTheLeastRecentlyReleasedPair() throws Exception {
        RtpPortAllocator ports = new RtpPortAllocator(40000, 3, 4);
        PortPair a = ports.acquire();
        PortPair b = ports.acquire();
        PortPair c = ports.acquire();
        ports.release(b);
        ports.release(a);
        ports.release(c);
        assertEquals(b, ports.acquire(), "released first, reused first");
        assertEquals(a, ports.acquire());
        assertEquals(c, ports.acquire());
    }

    @Test
    void justReleasedPairIsReusedLastWhileOthersAreFree() throws Exception {
        RtpPortAllocator ports = new RtpPortAllocator(40000, 4, 4);
        PortPair first = ports.acquire();
        ports.release(first);
        for (int i = 0; i < 3; i++) {
            assertTrue(!ports.acquire().equals(first), "the other free pairs come first");
        }
        assertEquals(first, ports.acquire());
    }

    @Test
    void doubleReleaseIsRefused() throws Exception {
        RtpPortAllocator ports = new RtpPortAllocator(40000, 2, 4);
        PortPair a = ports.acquire();
        ports.release(a);
        assertThrows(IllegalStateException.class, () -> ports.release(a));
        assertThrows(IllegalArgumentException.class, () -> ports.release(PortPair.of(50000)));
        assertEquals(0, ports.inUse());
    }

    @Test
    void pairThatCannotBeBoundIsSkippedAndReturnedToThePool() throws Exception {
        RtpPortAllocator ports = new RtpPortAllocator(40000, 4, 4);
        List<Integer> tried = new ArrayList<>();
        PortPair bound = ports.allocate(pair -> {
            tried.add(pair.rtpPort());
            if (pair.rtpPort() < 40004) {
                throw new BindException("Address already in use");
            }
            return pair;
        });
        assertEquals(40004, bound.rtpPort());
        assertEquals(List.of(40000, 40002, 40004), tried);
        assertEquals(1, ports.inUse(), "the pairs that failed are free again");
        // They went to the back: the untouched pair comes first.
        assertEquals(40006, ports.acquire().rtpPort());
        assertEquals(40000, ports.acquire().rtpPort());
    }

    @Test
    void bindAttemptsAreBounded() {
        RtpPortAllocator ports = new RtpPortAllocator(40000, 10, 3);
        int[] calls = {0};
        PortsExhaustedException e = assertThrows(PortsExhaustedException.class, () -> ports.allocate(pair -> {
            calls[0]++;
            throw new IOException("bind(..) failed: Address already in use");
        }));
        assertEquals(3, calls[0]);
        assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        assertEquals(0, ports.inUse());
    }

    @Test
    void allocateReportsExhaustionWhenEveryPairFailsBeforeTheBound() {
        RtpPortAllocator ports = new RtpPortAllocator(40000, 2, 8);
        assertThrows(PortsExhaustedException.class, () -> ports.allocate(pair -> {
            throw new BindException("taken");
        }));
        assertEquals(0, ports.inUse(), "failed pairs are returned even when the pool ran dry");
    }

    @Test
    void runtimeFailureOfTheBinderReturnsThePair() {
        RtpPortAllocator ports = new RtpPortAllocator(40000, 2, 8);
        assertThrows(IllegalStateException.class, () -> ports.allocate(pair -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals(0, ports.inUse());
    }

    @Test
    void concurrentLoopsNeverShareAPair() throws Exception {
        RtpPortAllocator ports = new RtpPortAllocator(40000, 64, 4);
        Set<Integer> held = ConcurrentHashMap.newKeySet();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    int conflicts = 0;
                    for (int i = 0; i < 5_000; i++) {
                        PortPair pair = ports.acquire();
                        if (!held.add(pair.rtpPort())) {
                            conflicts++;
                        }
                        held.remove(pair.rtpPort());
                        ports.release(pair);
                    }
                    return conflicts;
                }));
            }
            go.countDown();
            for (Future<Integer> result : results) {
                assertEquals(0, result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, ports.inUse());
    }
}
