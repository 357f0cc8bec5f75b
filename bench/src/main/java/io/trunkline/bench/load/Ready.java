package io.trunkline.bench.load;

import io.trunkline.bench.load.sip.SipUac;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a started gateway (or peer) to answer OPTIONS with 200. */
final class Ready {

    private Ready() {
    }

    static void waitFor(SipUac uac, SystemUnderTest gateway, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!gateway.alive()) {
                throw new IllegalStateException("the " + gateway.kind() + " exited during start-up (see " + gateway.kind()
                        + ".log)");
            }
            try {
                if (uac.options(500).get(2, TimeUnit.SECONDS) == 200) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the " + gateway.kind() + " did not answer OPTIONS within " + seconds + " s");
    }
}
