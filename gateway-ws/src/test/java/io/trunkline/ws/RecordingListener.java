package io.trunkline.ws;

import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.observe.DropReason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records agent events for tests; safe to read from the test thread while the loop writes. A failure is filed as
 * the call sees it: {@link #failed} before the leg was ready, {@link #disconnected} after.
 */
public final class RecordingListener implements AgentEvents {

    /** One received chunk of agent audio and when it arrived. */
    public record Chunk(long nanos, int offset, int length) {
    }

    public final AtomicInteger ready = new AtomicInteger();
    public final AtomicInteger clears = new AtomicInteger();
    public final List<AgentFailure> failed = new CopyOnWriteArrayList<>();
    public final List<AgentFailure> disconnected = new CopyOnWriteArrayList<>();
    public final List<String> hangups = new CopyOnWriteArrayList<>();
    public final List<String> marks = new CopyOnWriteArrayList<>();
    public final List<TransferRequest> transfers = new CopyOnWriteArrayList<>();
    public final List<Chunk> chunks = new CopyOnWriteArrayList<>();
    public final Map<DropReason, Long> drops = new ConcurrentHashMap<>();
    /** The agent platform's id for the call, once the leg told it. */
    public volatile String agentCallId;
    public volatile ConnectPhases phases;
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();

    /** What the leg dropped for {@code reason} so far. */
    public long drops(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    @Override
    public void dropped(DropReason reason, long count) {
        if (count <= 0) {
            throw new AssertionError("a drop of " + count + " for " + reason);
        }
        drops.merge(reason, count, Long::sum);
    }

    @Override
    public void identified(String id) {
        agentCallId = id;
    }

    @Override
    public void ready(ConnectPhases connectPhases) {
        phases = connectPhases;
        ready.incrementAndGet();
    }

    @Override
    public void failed(AgentFailure failure) {
        (ready.get() > 0 ? disconnected : failed).add(failure);
    }

    @Override
    public void audio(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        synchronized (audio) {
            chunks.add(new Chunk(System.nanoTime(), audio.size(), copy.length));
            audio.write(copy, 0, copy.length);
        }
    }

    @Override
    public void clear() {
        clears.incrementAndGet();
    }

    @Override
    public void mark(String name) {
        marks.add(name);
    }

    @Override
    public void hangup(String reason) {
        hangups.add(reason);
    }

    @Override
    public void transferRequested(TransferRequest request) {
        transfers.add(request);
    }

    /** All agent audio received so far. */
    public byte[] audio() {
        synchronized (audio) {
            return audio.toByteArray();
        }
    }

    public int audioBytes() {
        synchronized (audio) {
            return audio.size();
        }
    }

    /** Total of terminal events (failed, disconnected, hangup): a leg must report at most one. */
    public int terminalEvents() {
        return failed.size() + disconnected.size() + hangups.size();
    }
}
