package io.trunkline.core.call;

/**
 * Why a call ended, with the side it is attributed to and the SIP status the caller saw when the call was not
 * answered (0 when the call had been answered and ended with BYE).
 */
public enum EndReason {
    CALLER_HANGUP(EndedBy.CALLER, 0, "caller sent BYE"),
    CALLER_CANCELLED(EndedBy.CALLER, 487, "caller cancelled before answer"),
    AGENT_HANGUP(EndedBy.AGENT, 0, "agent hung up"),
    AGENT_DISCONNECTED(EndedBy.AGENT, 0, "agent connection lost"),
    AGENT_CONNECT_FAILED(EndedBy.AGENT, 503, "agent connection failed"),
    AGENT_CONNECT_TIMEOUT(EndedBy.AGENT, 503, "agent did not connect in time"),
    AGENT_PROTOCOL_ERROR(EndedBy.AGENT, 0, "agent protocol error"),
    /** The agent refused the call before answer; the status the caller got is the agent's choice (in the record). */
    AGENT_REFUSED(EndedBy.AGENT, 603, "agent refused the call"),
    TRANSFERRED(EndedBy.GATEWAY, 0, "call transferred"),
    TRANSFER_TARGET_HANGUP(EndedBy.CALLER, 0, "transfer target sent BYE"),
    RTP_INACTIVITY(EndedBy.GATEWAY, 0, "no RTP from caller"),
    MAX_DURATION(EndedBy.GATEWAY, 0, "maximum call duration reached"),
    NO_ACK(EndedBy.GATEWAY, 0, "no ACK for 200 OK"),
    SESSION_EXPIRED(EndedBy.CALLER, 0, "session timer expired without refresh"),
    SESSION_REFRESH_FAILED(EndedBy.CALLER, 0, "session refresh failed"),
    SHUTDOWN(EndedBy.GATEWAY, 503, "gateway shutting down"),
    REJECTED_CAPACITY(EndedBy.GATEWAY, 503, "call limit reached"),
    REJECTED_RATE(EndedBy.GATEWAY, 503, "call rate limit reached"),
    REJECTED_OVERLOAD(EndedBy.GATEWAY, 503, "event loops overloaded"),
    REJECTED_SESSION_INTERVAL(EndedBy.CALLER, 422, "session interval too small"),
    REJECTED_PORTS(EndedBy.GATEWAY, 503, "no RTP ports left"),
    REJECTED_DRAINING(EndedBy.GATEWAY, 503, "gateway draining"),
    REJECTED_STARTING(EndedBy.GATEWAY, 503, "gateway starting"),
    REJECTED_CODEC(EndedBy.GATEWAY, 488, "no common codec"),
    REJECTED_BAD_REQUEST(EndedBy.GATEWAY, 400, "malformed request"),
    REJECTED_MEDIA_TYPE(EndedBy.GATEWAY, 415, "body is not SDP"),
    INTERNAL_ERROR(EndedBy.GATEWAY, 500, "internal error"),
    /** Hung up through the call-control API: BYE when answered, else {@code 480} to the INVITE. */
    OPERATOR_HANGUP(EndedBy.OPERATOR, 480, "ended through the API"),
    CALLEE_BUSY(EndedBy.CALLER, 486, "callee busy"),
    CALLEE_DECLINED(EndedBy.CALLER, 603, "callee declined"),
    CALLEE_NOT_FOUND(EndedBy.CALLER, 404, "number not found"),
    NO_ANSWER(EndedBy.GATEWAY, 487, "no answer before the ring timeout"),
    TRUNK_FAILED(EndedBy.CALLER, 500, "the trunk refused the call");

    /**
     * Why an outbound call ended when the trunk answered its INVITE with {@code status} (300-699): busy (486, 600),
     * declined (603), not found (404, 484, 604), or failed (everything else, a 403 for wrong credentials included).
     */
    public static EndReason ofTrunkStatus(int status) {
        return switch (status) {
            case 486, 600 -> CALLEE_BUSY;
            case 603 -> CALLEE_DECLINED;
            case 404, 484, 604 -> CALLEE_NOT_FOUND;
            default -> TRUNK_FAILED;
        };
    }

    private final EndedBy side;
    private final int unansweredSipStatus;
    private final String description;

    EndReason(EndedBy side, int unansweredSipStatus, String description) {
        this.side = side;
        this.unansweredSipStatus = unansweredSipStatus;
        this.description = description;
    }

    public EndedBy side() {
        return side;
    }

    /** The final SIP status to send when the call ends for this reason before it was answered. */
    public int unansweredSipStatus() {
        return unansweredSipStatus == 0 ? 480 : unansweredSipStatus;
    }

    public String description() {
        return description;
    }
}
