package io.trunkline.sip.outbound;

import io.trunkline.core.call.EndReason;
import io.trunkline.sip.uas.ClientDialogs;
import io.trunkline.sip.uas.SerialExecutor;
import java.util.concurrent.RejectedExecutionException;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one outbound call sends in its dialog: the ACK of each 2xx and the BYE with an RFC 3326 Reason. Every send of
 * the call runs on its {@link SerialExecutor}, in the order submitted, so that neither the bridge nor a stack thread
 * waits for socket I/O. A failed send is logged, never thrown.
 */
final class UacSender {
    private static final Logger log = LoggerFactory.getLogger(UacSender.class);

    private final SipDialer dialer;
    private final String callId;
    private final SerialExecutor serial;

    // guarded by this
    private Dialog dialog;
    private long byeSentNanos;

    /** @param callId the bridge's id of the call, for the log */
    UacSender(SipDialer dialer, String callId) {
        this.dialer = dialer;
        this.callId = callId;
        this.serial = new SerialExecutor(dialer.sendPool());
    }

    /** Runs {@code send} on the call's serial executor; logs it when the executor refuses it. */
    void submit(Runnable send) {
        try {
            serial.execute(send);
        } catch (RejectedExecutionException e) {
            log.warn("SIP send for {} refused: {}", callId, e.getMessage());
        }
    }

    /** The dialog the ACK and BYE go in: the INVITE's, then the one a 2xx confirmed. */
    synchronized void useDialog(Dialog d) {
        dialog = d;
    }

    void sendAck(long cseq) {
        Dialog d;
        synchronized (this) {
            d = dialog;
        }
        try {
            d.sendAck(d.createAck(cseq));
        } catch (Exception e) {
            log.warn("could not acknowledge the trunk's answer for {}: {}", callId, e.toString());
        }
    }

    /**
     * BYE in the dialog, with an RFC 3326 Reason; its transaction carries {@code owner}, which its answer or timeout
     * reaches. False when it could not be sent.
     */
    boolean sendBye(EndReason reason, ClientDialogs.Owner owner) {
        Dialog d;
        synchronized (this) {
            d = dialog;
            byeSentNanos = System.nanoTime();
        }
        try {
            Request bye = d.createRequest(Request.BYE);
            bye.addHeader(dialer.messages().headers().createReasonHeader("SIP", 200,
                    reason.description().replace("\"", "'")));
            ClientTransaction tx = dialer.provider().getNewClientTransaction(bye);
            tx.setApplicationData(owner);
            d.sendRequest(tx);
            return true;
        } catch (Exception e) {
            log.warn("could not send BYE for {}: {}", callId, e.toString());
            return false;
        }
    }

    /** When our BYE left ({@link System#nanoTime()}), or 0 when none did. */
    synchronized long byeSentNanos() {
        return byeSentNanos;
    }
}
