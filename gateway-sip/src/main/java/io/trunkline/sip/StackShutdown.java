package io.trunkline.sip;

import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.EventWrapper;
import gov.nist.javax.sip.SipStackImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EventObject;
import java.util.Iterator;
import java.util.List;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TransactionTerminatedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one JAIN-SIP stack down: listener off first (no late events reach the bridge), then providers and
 * listening points (the sockets), then the stack. Each step is guarded so that one failure does not keep the
 * sockets open.
 */
final class StackShutdown implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StackShutdown.class);

    private final SipStackImpl stack;
    private final SipProvider provider;
    private final SipListener listener;
    private final Duration timeout;

    StackShutdown(SipStackImpl stack, SipProvider provider, SipListener listener, Duration timeout) {
        this.stack = stack;
        this.provider = provider;
        this.listener = listener;
        this.timeout = timeout;
    }

    /** Runs on a helper thread and waits at most the timeout, whatever the stack's threads do. */
    void runBounded() {
        Thread worker = new Thread(this, "sip-stop-" + stack.getStackName());
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            log.warn("SIP stack {} did not stop within {} ms; leaving it behind", stack.getStackName(),
                    timeout.toMillis());
        }
    }

    @Override
    public void run() {
        if (provider != null && listener != null) {
            guarded("remove listener", () -> provider.removeSipListener(listener));
        }
        List<SipProvider> providers = new ArrayList<>();
        for (Iterator<?> it = stack.getSipProviders(); it.hasNext();) {
            providers.add((SipProvider) it.next());
        }
        for (SipProvider p : providers) {
            guarded("delete provider", () -> stack.deleteSipProvider(p));
        }
        List<ListeningPoint> points = new ArrayList<>();
        for (Iterator<?> it = stack.getListeningPoints(); it.hasNext();) {
            points.add((ListeningPoint) it.next());
        }
        for (ListeningPoint point : points) {
            guarded("close " + point.getTransport(), () -> stack.deleteListeningPoint(point));
        }
        EventScanner scanner = stack.getEventScanner();
        guarded("stop stack", stack::stop);
        if (scanner != null) {
            guarded("end event scanner", () -> wake(scanner, providers));
        }
    }

    /**
     * JAIN-SIP's stop only flags its (non-daemon) event-scanner thread, which then waits for one more event
     * forever. An event nobody listens to lets it see the flag and end.
     */
    private static void wake(EventScanner scanner, List<SipProvider> providers) {
        EventObject event = providers.isEmpty()
                ? new IOExceptionEvent(scanner, "127.0.0.1", 0, "udp")
                : new TransactionTerminatedEvent(providers.get(0), (ServerTransaction) null);
        scanner.addEvent(new EventWrapper(event, null));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void guarded(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            log.debug("SIP shutdown step '{}' failed: {}", what, e.toString());
        }
    }
}
