package io.trunkline.bench.load.probe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the machine is quiet (other processes, such as builds, use less than a threshold of CPU for a few
 * seconds in a row), because the gateway and the harness share its cores with whatever else runs. Bounded: after
 * the limit the run goes ahead and the load it met is reported.
 */
public final class QuietMachine {

    private static final Logger LOG = LoggerFactory.getLogger(QuietMachine.class);

    private QuietMachine() {
    }

    /**
     * Waits up to {@code limitSeconds} for {@code quietSeconds} consecutive seconds in which the machine, minus
     * this process, was busy less than {@code maxBusyCores}.
     *
     * @return the busy cores (others) over the last second sampled
     */
    public static double waitFor(double maxBusyCores, int quietSeconds, int limitSeconds)
            throws InterruptedException {
        OtherProcesses others = new OtherProcesses(java.util.Set.of(ProcessHandle.current().pid()));
        long deadline = System.nanoTime() + limitSeconds * 1_000_000_000L;
        int quiet = 0;
        double busy = 0;
        long lastLog = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            busy = others.coresSinceLast();
            quiet = busy < maxBusyCores ? quiet + 1 : 0;
            if (quiet >= quietSeconds) {
                return busy;
            }
            if (System.nanoTime() - lastLog > 30_000_000_000L) {
                lastLog = System.nanoTime();
                LOG.info("waiting for a quiet machine: other processes use {} cores", Math.round(busy * 100) / 100.0);
            }
        }
        LOG.warn("the machine did not become quiet within {} s; going ahead (others use {} cores)", limitSeconds,
                Math.round(busy * 100) / 100.0);
        return busy;
    }
}
