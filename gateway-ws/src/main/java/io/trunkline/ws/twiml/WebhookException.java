package io.trunkline.ws.twiml;

/** A webhook request that got no usable answer: refused by the address guard, unreachable, timed out, too large. */
public final class WebhookException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, in a word fit for a metric tag or a log line. */
    public enum Kind { REFUSED_ADDRESS, UNREACHABLE, TIMEOUT, TOO_LARGE, FAILED }

    private final Kind kind;

    public WebhookException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
