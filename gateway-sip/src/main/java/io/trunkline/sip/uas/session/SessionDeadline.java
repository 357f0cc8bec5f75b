package io.trunkline.sip.uas.session;

import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.timers.SipTimer;
import javax.sip.SipProvider;

/**
 * The one pending session-timer action of a call (the expiry check, or our own refresh), on the SIP stack's own
 * timer so that no thread is added per call. Scheduling again replaces what was pending.
 */
public final class SessionDeadline {
    private final SipProvider provider;
    private final String callId;
    private SIPStackTimerTask pending;

    public SessionDeadline(SipProvider provider, String callId) {
        this.provider = provider;
        this.callId = callId;
    }

    /** Runs {@code action} after {@code delayMillis} unless cancelled or replaced before. */
    public synchronized void schedule(long delayMillis, Runnable action) {
        cancel();
        SipTimer timer = timer();
        if (timer == null) {
            return;
        }
        SIPStackTimerTask task = new SIPStackTimerTask() {
            @Override
            public void runTask() {
                synchronized (SessionDeadline.this) {
                    if (pending != this) {
                        return;
                    }
                    pending = null;
                }
                action.run();
            }

            @Override
            public Object getThreadHash() {
                return callId;
            }
        };
        pending = task;
        timer.schedule(task, delayMillis);
    }

    public synchronized void cancel() {
        if (pending != null) {
            SipTimer timer = timer();
            if (timer != null) {
                timer.cancel(pending);
            }
            pending = null;
        }
    }

    private SipTimer timer() {
        if (provider.getSipStack() instanceof SIPTransactionStack stack) {
            try {
                return stack.getTimer();
            } catch (IllegalStateException stopped) {
                return null;
            }
        }
        return null;
    }
}
