package io.trunkline.bench.load.agent;

import io.trunkline.bench.load.stats.InboundMetrics;
import io.trunkline.bench.load.stats.MeasureWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * What every session of the fake agent shares: the run's calls, the window, the measurements and the behaviour.
 * Agent loop only (apart from the settings, which are fixed before the server starts).
 */
final class AgentContext {

    final CallDirectory calls;
    final MeasureWindow window;
    final AgentMode mode;
    final int burstFrames;
    final int burstChunks;
    final long burstPeriodNanos;
    final int echoCycleFrames;
    final int echoPauseFrames;
    final InboundMetrics metrics;
    final List<AgentSession> sessions = new ArrayList<>();
    /** Set when the run winds down: bursts stop, echo stops. */
    boolean quiet;

    long sessionsOpened;
    long sessionsClosed;
    long callsCreated;
    long unknownSessions;
    long protocolErrors;
    long framesReceived;
    long framesSent;
    long messagesSent;

    AgentContext(CallDirectory calls, MeasureWindow window, AgentMode mode, int burstFrames, int burstChunks,
            long burstPeriodNanos, int echoCycleFrames, int echoPauseFrames) {
        this.metrics = new InboundMetrics(window);
        this.echoCycleFrames = echoCycleFrames;
        this.echoPauseFrames = echoPauseFrames;
        this.calls = calls;
        this.window = window;
        this.mode = mode;
        this.burstFrames = burstFrames;
        this.burstChunks = burstChunks;
        this.burstPeriodNanos = burstPeriodNanos;
    }
}
