package io.trunkline.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.hostile.HostileGateway.Options;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 2,000 short calls, each ended one of six ways chosen at random from a fixed seed (caller BYE, CANCEL before the
 * answer, agent hangup, agent connection reset, RTP inactivity, offer refused with 488), at a bounded rate. After
 * them the gateway must hold what it held before: no RTP port pair, no agent connection, and the JVM's threads,
 * descriptors and heap back at their levels (within a small tolerance). Every call must have exactly one record,
 * with the end reason of the way it ended.
 */
class CleanupIT {
    static final long SEED = 2_000L;
    static final int CALLS = 2000;
    static final int WARM_UP_CALLS = 60;
    static final int CALLS_PER_SECOND = 100;
    static final int WORKERS = 40;
    static final Duration RTP_INACTIVITY = Duration.ofMillis(1500);
    static final Duration RUN_LIMIT = Duration.ofSeconds(150);
    static final int THREAD_TOLERANCE = 4;
    static final int FD_TOLERANCE = 8;
    static final long HEAP_TOLERANCE = 16L << 20;
    /**
     * How long the heap may take to come back: finished SIP transactions stay in the stack's table until their
     * timers end (Timer J and K, up to 32 s over UDP).
     */
    static final Duration HEAP_SETTLE = Duration.ofSeconds(45);

    /** The ways a call ends. */
    enum Path {
        CALLER_BYE, CALLER_CANCEL, AGENT_HANGUP, AGENT_RESET, RTP_INACTIVITY, REJECTED_OFFER
    }

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(2);

    @Test
    void twoThousandCallsEndedEveryWayLeaveNothingBehind() throws Exception {
        Assumptions.assumeTrue(Resources.supported(), "needs /proc/self/fd");
        try (EchoAgent agent = new EchoAgent(agentLoops.group());
                RunningGateway gw = HostileGateway.start(Options.of(agent.uri()).rtpInactivity(RTP_INACTIVITY)
                        .maxCalls(200))) {
            Map<String, Path> calls = new ConcurrentHashMap<>();
            AtomicInteger completed = new AtomicInteger();
            Map<String, EndReason> expected = new ConcurrentHashMap<>();
            Random random = new Random(SEED);

            run(gw, agent, plan(random, WARM_UP_CALLS), calls, expected, completed);
            settle(gw, agent);
            Resources before = Resources.now();

            long started = System.nanoTime();
            List<Path> plan = plan(random, CALLS);
            run(gw, agent, plan, calls, expected, completed);
            long runMillis = (System.nanoTime() - started) / 1_000_000;
            settle(gw, agent);
            long settleStarted = System.nanoTime();
            Resources after = settleHeap(before);
            long heapSettleMillis = (System.nanoTime() - settleStarted) / 1_000_000;

            // Exactly one record per call, with the end reason of its path.
            Map<String, Integer> recordsPerCall = new HashMap<>();
            List<String> wrongReasons = new ArrayList<>();
            for (CallRecord r : gw.records()) {
                String sipCallId = r.parties() == null ? null : r.parties().sipCallId();
                recordsPerCall.merge(String.valueOf(sipCallId), 1, Integer::sum);
                EndReason want = expected.get(sipCallId);
                if (want != null && want != r.endReason() && wrongReasons.size() < 10) {
                    wrongReasons.add(calls.get(sipCallId) + " " + sipCallId + ": " + r.endReason());
                }
            }
            int missing = 0;
            int duplicated = 0;
            for (String callId : calls.keySet()) {
                int n = recordsPerCall.getOrDefault(callId, 0);
                missing += n == 0 ? 1 : 0;
                duplicated += n > 1 ? 1 : 0;
            }
            Map<Path, Integer> byPath = new EnumMap<>(Path.class);
            plan.forEach(p -> byPath.merge(p, 1, Integer::sum));
            Map<EndReason, Integer> byReason = new TreeMap<>();
            gw.records().forEach(r -> byReason.merge(r.endReason(), 1, Integer::sum));
            System.out.printf("CleanupIT: %d calls (+%d warm-up) in %d ms (%.0f calls/s), %d completed their "
                    + "signalling%n  paths: %s%n  end reasons: "
                    + "%s%n  records missing %d, duplicated %d, extra %d%n  before: %s%n  after:  %s (heap settled in %d ms)%n",
                    CALLS, WARM_UP_CALLS, runMillis, CALLS * 1000.0 / runMillis, completed.get(), byPath, byReason, missing,
                    duplicated, gw.records().size() - calls.size(), before, after, heapSettleMillis);

            assertEquals(CALLS + WARM_UP_CALLS, calls.size(), "calls placed");
            assertEquals(calls.size(), completed.get(), "calls that completed their signalling");
            assertEquals(0, missing, "calls without a record");
            assertEquals(0, duplicated, "calls with more than one record");
            assertEquals(calls.size(), gw.records().size(), "records");
            assertEquals(List.of(), wrongReasons, "end reasons");
            assertTrue(after.threads() <= before.threads() + THREAD_TOLERANCE, "threads: " + before + " -> " + after);
            assertTrue(after.fds() <= before.fds() + FD_TOLERANCE, "descriptors: " + before + " -> " + after);
            assertTrue(after.sockets() <= before.sockets() + FD_TOLERANCE, "sockets: " + before + " -> " + after);
            assertTrue(after.heapBytes() <= before.heapBytes() + HEAP_TOLERANCE, "heap: " + before + " -> " + after);
        }
    }

    private static List<Path> plan(Random random, int n) {
        Path[] paths = Path.values();
        List<Path> plan = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            plan.add(paths[random.nextInt(paths.length)]);
        }
        return plan;
    }

    /** Places the calls of {@code plan}, at most {@link #CALLS_PER_SECOND} starts a second. */
    private static void run(RunningGateway gw, EchoAgent agent, List<Path> plan, Map<String, Path> calls,
            Map<String, EndReason> expected, AtomicInteger completed) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / CALLS_PER_SECOND;
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                done.add(workers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < plan.size()) {
                        long due = start + i * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait); // pacing the call rate, not waiting for a result
                        }
                        call(gw, agent, plan.get(i), calls, expected);
                        completed.incrementAndGet();
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
            for (Future<?> f : done) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** One call, ended the way {@code path} says. */
    private static void call(RunningGateway gw, EchoAgent agent, Path path, Map<String, Path> calls,
            Map<String, EndReason> expected) throws Exception {
        try (TestUac uac = gw.uac()) {
            String tag = Long.toHexString(Double.doubleToLongBits(Math.random()));
            String callId = uac.callId();
            calls.put(callId, path);
            String offer = path == Path.REJECTED_OFFER ? Sdp.g729Offer(40000) : Sdp.pcmuOffer(40000);
            uac.inviteSdp(offer, EchoAgent.TAG_HEADER + ": " + tag);
            switch (path) {
                case REJECTED_OFFER -> {
                    expected.put(callId, EndReason.REJECTED_CODEC);
                    uac.awaitResponse(488, "INVITE");
                    uac.ack(false);
                }
                case CALLER_CANCEL -> {
                    uac.awaitResponse(100, "INVITE");
                    uac.cancel();
                    SipMsg answer = uac.await("the INVITE's final answer", m -> m.isResponse()
                            && m.status() >= 200 && "INVITE".equals(m.cseqMethod()) && callId.equals(m.callId()));
                    if (answer.status() == 487) {
                        expected.put(callId, EndReason.CALLER_CANCELLED);
                        uac.ack(false);
                    } else {
                        // The answer crossed the CANCEL: the caller hangs up instead.
                        expected.put(callId, EndReason.CALLER_HANGUP);
                        uac.toTag(answer.toTag());
                        uac.ack(true);
                        uac.bye();
                        uac.awaitResponse(200, "BYE");
                    }
                }
                default -> {
                    uac.awaitResponse(200, "INVITE");
                    uac.ack(true);
                    endAnswered(uac, agent, path, tag, callId, expected);
                }
            }
            agent.forget(tag);
        }
    }

    private static void endAnswered(TestUac uac, EchoAgent agent, Path path, String tag, String callId,
            Map<String, EndReason> expected) throws Exception {
        switch (path) {
            case CALLER_BYE -> {
                expected.put(callId, EndReason.CALLER_HANGUP);
                uac.bye();
                uac.awaitResponse(200, "BYE");
                return;
            }
            case AGENT_HANGUP -> {
                expected.put(callId, EndReason.AGENT_HANGUP);
                agent.awaitTagged(tag).send("{\"type\":\"hangup\"}");
            }
            case AGENT_RESET -> {
                expected.put(callId, EndReason.AGENT_DISCONNECTED);
                agent.awaitTagged(tag).crash();
            }
            default -> expected.put(callId, EndReason.RTP_INACTIVITY);
        }
        SipMsg bye = uac.awaitRequest("BYE");
        uac.respond(bye, 200, "OK");
    }

    /**
     * The resources once the heap is back within {@link #HEAP_TOLERANCE} of {@code before}, or after
     * {@link #HEAP_SETTLE}: measured at most once a second, as each measurement runs full collections.
     */
    private static Resources settleHeap(Resources before) {
        long deadline = System.nanoTime() + HEAP_SETTLE.toNanos();
        Resources[] last = new Resources[1];
        long[] measuredAt = {System.nanoTime() - 2_000_000_000L};
        try {
            Await.until(HEAP_SETTLE.plusSeconds(5), "heap back at its level", () -> {
                if (System.nanoTime() - measuredAt[0] < 1_000_000_000L) {
                    return false;
                }
                measuredAt[0] = System.nanoTime();
                try {
                    last[0] = Resources.now();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return last[0].heapBytes() <= before.heapBytes() + HEAP_TOLERANCE || System.nanoTime() > deadline;
            });
        } catch (AssertionError e) {
            // the assertions below report the figures
        }
        return last[0];
    }

    /** Waits until no call, agent connection or RTP port is in use. */
    private static void settle(RunningGateway gw, EchoAgent agent) {
        gw.awaitIdle();
        Await.until(Duration.ofSeconds(10), "every agent connection closed (" + agent.openSessions() + " open)",
                () -> agent.openSessions() == 0);
        Await.until(Duration.ofSeconds(10), "every RTP port pair back in the pool", () -> portsInUse(gw) == 0);
    }

    private static double portsInUse(RunningGateway gw) {
        Gauge g = gw.gateway().registry().find("gateway.rtp.ports.in.use").gauge();
        return g == null ? -1 : g.value();
    }
}
