package io.trunkline.server.warmup;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.metrics.records.CallRecordJson;
import io.trunkline.rtp.warmup.MediaWarmUp;
import io.trunkline.server.loop.IoLoops;
import io.trunkline.sip.warmup.SipWarmUp;
import io.trunkline.ws.warmup.AgentWarmUp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs synthetic calls' work through the gateway's own code before it reports ready, so that the first real calls
 * do not pay for class loading and interpretation (which made the first INVITE take 200-300 ms, and stalled the event
 * loops): SIP parsing and responses, SDP offer and answer ({@link SipWarmUp}); G.711, resampling, RTP, DTMF and RTCP
 * ({@link MediaWarmUp}); every agent protocol's framing and a WebSocket connection over in-memory channels
 * ({@link AgentWarmUp}); the call record's JSON; and whole calls ({@link BridgeRehearsal}) from a caller on
 * 127.0.0.1 to a private SIP listener of the same code as the gateway's, through a call bridge of their own on the
 * event loops, with real media legs (never started) and a real WebSocket connection to an agent in this process
 * ({@link CallRehearsalStage}). Those loopback sockets are the only ones used, because the SIP stack's transactions
 * and dialogs and the agent connection's TCP and handshake cannot run without one; nothing leaves the host and the
 * gateway's own listener, meters and records never see the rehearsals. Rounds repeat until {@link #MAX_ROUNDS} or
 * the budget is spent, whichever comes first. A step that fails is logged and dropped: warming up never stops the
 * gateway from starting.
 */
public final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    /** Enough rounds for the interpreter to hand the call path's methods to the compilers. */
    static final int MAX_ROUNDS = 400;

    /** What the warm-up did. */
    public record Result(int rounds, Duration took, List<String> failedSteps) {
    }

    private final StepSource source;

    /**
     * The gateway's steps: signalling, media, agent protocols, call record, and whole calls on {@code loops} with
     * legs opened (never started) on {@code media}, through a private SIP listener and to an agent over loopback
     * ({@link CallRehearsalStage}).
     */
    public WarmUp(IoLoops loops, MediaLegFactory media) {
        this(() -> defaultSteps(loops, media));
    }

    WarmUp(Map<String, Runnable> steps) {
        this(() -> new Steps(new LinkedHashMap<>(steps), () -> { }));
    }

    private WarmUp(StepSource source) {
        this.source = source;
    }

    /** The steps of one warm-up and what releases their resources afterwards. */
    private record Steps(Map<String, Runnable> steps, Runnable release) {
    }

    private interface StepSource {
        Steps open();
    }

    private static Steps defaultSteps(IoLoops loops, MediaLegFactory media) {
        Map<String, Runnable> steps = new LinkedHashMap<>();
        steps.put("sip", SipWarmUp::run);
        steps.put("media", MediaWarmUp::run);
        steps.put("agent", AgentWarmUp::run);
        steps.put("record", WarmUp::record);
        CallRehearsalStage stage;
        try {
            stage = CallRehearsalStage.open(loops, media);
        } catch (Exception | LinkageError e) {
            LOG.warn("warm-up: whole calls skipped, their loopback listeners did not start: {}", e.toString());
            return new Steps(steps, () -> { });
        }
        BooleanSupplier call = stage.call();
        steps.put("call", () -> {
            if (!call.getAsBoolean()) {
                throw new IllegalStateException("a synthetic call did not complete in time");
            }
        });
        return new Steps(steps, stage::close);
    }

    /** Runs rounds of every step until {@link #MAX_ROUNDS} or {@code budget}; at least one round. */
    public Result run(Duration budget) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        Steps opened = source.open();
        Map<String, Runnable> steps = opened.steps();
        List<String> failed = new java.util.ArrayList<>();
        Map<String, Long> spent = new LinkedHashMap<>();
        int rounds = 0;
        QuietCallLog quiet = null;
        try {
            do {
                for (var it = steps.entrySet().iterator(); it.hasNext(); ) {
                    var step = it.next();
                    long stepStart = System.nanoTime();
                    try {
                        step.getValue().run();
                    } catch (RuntimeException | LinkageError e) {
                        LOG.warn("warm-up step {} failed, skipped from now on: {}", step.getKey(), e.toString());
                        failed.add(step.getKey());
                        it.remove();
                    } finally {
                        spent.merge(step.getKey(), System.nanoTime() - stepStart, Long::sum);
                    }
                }
                rounds++;
                if (quiet == null) {
                    quiet = QuietCallLog.quiet();
                }
            } while (rounds < MAX_ROUNDS && !steps.isEmpty() && System.nanoTime() - deadline < 0);
        } finally {
            opened.release().run();
            if (quiet != null) {
                quiet.close();
            }
        }
        Result result = new Result(rounds, Duration.ofNanos(System.nanoTime() - start), List.copyOf(failed));
        StringBuilder perStep = new StringBuilder();
        spent.forEach((name, nanos) -> perStep.append(perStep.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(nanos / 1_000_000).append(" ms"));
        LOG.info("warmed up in {} ms: {} round(s) of synthetic call work (budget {} ms; {})",
                result.took().toMillis(), rounds, budget.toMillis(), perStep);
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
