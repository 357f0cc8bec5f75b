package io.trunkline.rtp.playout;

import io.trunkline.core.loop.CallLoop;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One wake-up of a loop's {@link PacerClock} with {@code pacers} calls on the loop, their 20 ms timelines spread
 * over the grid as calls arriving at random times spread them: each operation moves time one grid step and runs
 * the clock, which fires the pacers due at that step (a twentieth of them) and re-arms. The pacers do no work of
 * their own, so the figure is the clock's cost alone; a loop runs it a thousand times a second. It sits in the
 * clock's package to drive it directly.
 *
 * <pre>java -jar bench/target/benchmarks.jar PacerClockBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PacerClockBenchmark {

    private static final long PERIOD = 20 * PacerClock.GRID_NANOS;

    @Param({"125", "250"})
    public int pacers;

    private long now;
    private PacerClock clock;

    /** A pacer that only hands back its next deadline. */
    private static final class Idle implements PacerClock.Paced {
        long fired;

        @Override
        public long fire(long nowNanos) {
            fired++;
            return PacerClock.alignUp(nowNanos) + PERIOD;
        }
    }

    /** A loop whose timer is the benchmark's own step: scheduling is free and nothing runs by itself. */
    private static final class SteppedLoop implements CallLoop {
        @Override
        public boolean inLoop() {
            return true;
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            return () -> { };
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException("no transport");
        }

        @Override
        public void execute(Runnable command) {
            command.run();
        }
    }

    @Setup
    public void setUp() {
        clock = new PacerClock(new SteppedLoop(), () -> now, () -> { });
        clock.retain();
        for (int i = 0; i < pacers; i++) {
            clock.add(new Idle(), (i * 7919L % 20 + 1) * PacerClock.GRID_NANOS);
        }
    }

    @Benchmark
    public int wakeUp() {
        now += PacerClock.GRID_NANOS;
        clock.run();
        return clock.size();
    }
}
