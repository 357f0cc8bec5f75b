package io.trunkline.metrics.records;

import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.CallRecordSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each call record as one JSON line to a size-rotated file ({@link RotatingFile}) and to the
 * {@code io.trunkline.records} logger, on its own thread: {@link #accept} only enqueues, so call loops never wait
 * for the disk. The queue is bounded; a record that does not fit is counted and logged as an error (it would mean
 * the disk stopped). The most recent records are kept in memory for the HTTP listing.
 */
public final class JsonLinesRecordSink implements CallRecordSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesRecordSink.class);
    private static final Logger RECORDS = LoggerFactory.getLogger("io.trunkline.records");
    private static final int QUEUE_CAPACITY = 65_536;
    /** Records kept in memory for listings by default. */
    public static final int DEFAULT_RECENT = 200;

    /** Told about each record written or lost, for metrics. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void written() {
        }

        /** {@code reason}: queue (did not fit) or error (the file failed). */
        default void dropped(String reason) {
        }
    }

    private final Path file;
    private final int recentCapacity;
    private final Listener listener;
    private final BlockingQueue<CallRecord> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Deque<CallRecord> recent = new ArrayDeque<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    /** @param file the JSON-lines file, or null to log only; never rotated */
    public JsonLinesRecordSink(Path file) throws IOException {
        this(file, 0, 0, DEFAULT_RECENT, Listener.NONE);
    }

    /**
     * @param file           the JSON-lines file, or null to log only
     * @param maxFileBytes   rotate the file once it reaches this size; 0 = never
     * @param maxFiles       rotated files to keep besides the current one
     * @param recentCapacity records kept in memory for {@link #recent()}
     * @param listener       told about every record written or lost
     */
    public JsonLinesRecordSink(Path file, long maxFileBytes, int maxFiles, int recentCapacity, Listener listener)
            throws IOException {
        this.file = file;
        this.recentCapacity = Math.max(1, recentCapacity);
        this.listener = listener;
        // Opened here so that a bad path fails start-up instead of every record later.
        RotatingFile out = file == null ? null : new RotatingFile(file, maxFileBytes, maxFiles);
        writer = new Thread(() -> run(out), "call-records");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void accept(CallRecord record) {
        synchronized (recent) {
            if (recent.size() == recentCapacity) {
                recent.removeFirst();
            }
            recent.addLast(record);
        }
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
            listener.dropped("queue");
            LOG.error("call record queue full, record of {} not written", record.callId());
        }
    }

    /** The most recent records, newest last. */
    public List<CallRecord> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** The current record file, or null when records are only logged. */
    public Path file() {
        return file;
    }

    private void run(RotatingFile out) {
        try (out) {
            while (!closing || !queue.isEmpty()) {
                CallRecord record = queue.poll(100, TimeUnit.MILLISECONDS);
                if (record == null) {
                    continue;
                }
                write(out, record);
                for (CallRecord next; (next = queue.poll()) != null; ) {
                    write(out, next);
                }
                if (out != null) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            LOG.error("call record file {} failed: {}", file, e.toString());
            int lost = queue.size();
            dropped.addAndGet(lost + 1L);
            for (int i = 0; i <= lost; i++) {
                listener.dropped("error");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(RotatingFile out, CallRecord record) throws IOException {
        String json = CallRecordJson.toJson(record);
        RECORDS.info(json);
        if (out != null) {
            out.writeLine(json);
        }
        written.incrementAndGet();
        listener.written();
    }

    /** Writes what is queued, then stops the writer (bounded by {@code timeout}). */
    public void close(Duration timeout) {
        closing = true;
        try {
            writer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
