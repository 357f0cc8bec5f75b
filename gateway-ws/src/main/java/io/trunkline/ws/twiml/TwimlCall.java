package io.trunkline.ws.twiml;

import java.time.Instant;
import java.util.Objects;

/**
 * One call run by TwiML, as the Calls resource shows it: its SIDs, the gateway's call id, the numbers, and how far
 * it got. Fields written on the call's loop and read from anywhere: a snapshot may be a moment old.
 */
public final class TwimlCall {

    /** What the Calls resource may do to a live call; implemented by the call's TwiML leg, on its loop. */
    public interface Control {
        /** Carries out {@code document} in place of what the call does now. */
        void execute(TwimlDocument document);

        /** Fetches TwiML from {@code url} ({@code GET} or {@code POST}) and carries it out. */
        void redirect(String url, String method);

        /** Ends the call: BYE once answered, {@code 603} while it still rings. */
        void hangup();
    }

    private final String sid;
    private final String accountSid;
    private final String callId;
    private final String from;
    private final String to;
    private final Instant startTime;
    private final Control control;
    private volatile String status = "ringing";
    private volatile Instant answerTime;
    private volatile Instant endTime;

    TwimlCall(String sid, String accountSid, String callId, String from, String to, Instant startTime,
            Control control) {
        this.sid = Objects.requireNonNull(sid, "sid");
        this.accountSid = accountSid;
        this.callId = callId;
        this.from = from;
        this.to = to;
        this.startTime = startTime;
        this.control = control;
    }

    public String sid() {
        return sid;
    }

    public String accountSid() {
        return accountSid;
    }

    /** The gateway's call id, as in the call record. */
    public String callId() {
        return callId;
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    /** Twilio's call status: {@code ringing}, {@code in-progress}, {@code completed}, {@code busy}, {@code failed}, {@code canceled}. */
    public String status() {
        return status;
    }

    public Instant startTime() {
        return startTime;
    }

    /** When the call was answered, or null. */
    public Instant answerTime() {
        return answerTime;
    }

    /** When the call ended, or null while it lasts. */
    public Instant endTime() {
        return endTime;
    }

    /** Whole seconds from answer to end (0 for a call never answered), or null while the call lasts. */
    public Long duration() {
        Instant end = endTime;
        if (end == null) {
            return null;
        }
        Instant answered = answerTime;
        return answered == null ? 0L : Math.max(0, java.time.Duration.between(answered, end).toSeconds());
    }

    public boolean live() {
        return endTime == null;
    }

    /** What the Calls resource may do to it while it lasts. */
    public Control control() {
        return control;
    }

    void answered(Instant at) {
        answerTime = at;
        status = "in-progress";
    }

    void ended(Instant at, String finalStatus) {
        status = finalStatus;
        endTime = at;
    }
}
