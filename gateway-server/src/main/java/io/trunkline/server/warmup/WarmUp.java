package io.trunkline.server.warmup;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.loop.CallLoopProvider;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.metrics.records.CallRecordJson;
import io.trunkline.rtp.warmup.MediaWarmUp;
import io.trunkline.sip.warmup.SipWarmUp;
import io.trunkline.ws.warmup.AgentWarmUp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs synthetic calls' work through the gateway's own code before it reports ready, so that the first real calls
 * do not pay for class loading and compilation (which made the first INVITE take 200-300 ms, and stalled the event
 * loops): SIP parsing and responses, SDP offer and answer ({@link SipWarmUp}); G.711, resampling, RTP, DTMF and RTCP
 * ({@link MediaWarmUp}); every agent protocol's framing and a WebSocket connection over in-memory channels
 * ({@link AgentWarmUp}); the call record's JSON; and a whole call through a call bridge of its own on the event
 * loops, with in-memory legs ({@link BridgeRehearsal}). Rounds repeat until {@link #MAX_ROUNDS} or the budget is spent,
 * whichever comes first; nothing is sent to anyone. A step that fails is logged and dropped: warming up never stops
 * the gateway from starting.
 */
public final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    /** Enough rounds for the interpreter to hand the call path's methods to the compilers. */
    static final int MAX_ROUNDS = 400;

    /** What the warm-up did. */
    public record Result(int rounds, Duration took, List<String> failedSteps) {
    }

    private final Map<String, Runnable> steps;

    /**
     * The gateway's steps: signalling, media, agent protocols, call record, and whole calls on {@code loops} with
     * legs opened (never started) on {@code media}.
     */
    public WarmUp(CallLoopProvider loops, MediaLegFactory media) {
        this(defaultSteps(loops, media));
    }

    WarmUp(Map<String, Runnable> steps) {
        this.steps = new LinkedHashMap<>(steps);
    }

    private static Map<String, Runnable> defaultSteps(CallLoopProvider loops, MediaLegFactory media) {
        Map<String, Runnable> steps = new LinkedHashMap<>();
        steps.put("sip", SipWarmUp::run);
        steps.put("media", MediaWarmUp::run);
        steps.put("agent", AgentWarmUp::run);
        steps.put("record", WarmUp::record);
        BridgeRehearsal call = new BridgeRehearsal(loops, media);
        steps.put("call", () -> {
            try {
                if (!call.run()) {
                    throw new IllegalStateException("a synthetic call did not end in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
        return steps;
    }

    /** Runs rounds of every step until {@link #MAX_ROUNDS} or {@code budget}; at least one round. */
    public Result run(Duration budget) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        List<String> failed = new java.util.ArrayList<>();
        int rounds = 0;
        do {
            for (var it = steps.entrySet().iterator(); it.hasNext(); ) {
                var step = it.next();
                try {
                    step.getValue().run();
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("warm-up step {} failed, skipped from now on: {}", step.getKey(), e.toString());
                    failed.add(step.getKey());
                    it.remove();
                }
            }
            rounds++;
        } while (rounds < MAX_ROUNDS && !steps.isEmpty() && System.nanoTime() - deadline < 0);
        Result result = new Result(rounds, Duration.ofNanos(System.nanoTime() - start), List.copyOf(failed));
        LOG.info("warmed up in {} ms: {} round(s) of synthetic call work (budget {} ms)",
                result.took().toMillis(), rounds, budget.toMillis());
        return result;
    }

    /** A call's record, written as JSON. */
    private static void record() {
        Instant now = Instant.now();
        CallRecord record = CallRecord.builder("warm-up")
                .parties(new CallParties("warm-up@127.0.0.1", "sip:+15550000001@127.0.0.1",
                        "sip:+15550000002@127.0.0.1", "CA00000000000000000000000000000000",
                        "AC00000000000000000000000000000000", null, null, Map.of("X-Warm-Up", "1")))
                .agentKind("demo").codec("PCMU_8K").startedAt(now).answeredAt(now).endedAt(now).durationMs(1)
                .dtmfDigits("5").finalStatus(200).endReason(EndReason.CALLER_HANGUP)
                .build();
        CallRecordJson.toJson(record);
    }
}
