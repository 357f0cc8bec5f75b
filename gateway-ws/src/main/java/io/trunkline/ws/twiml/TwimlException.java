package io.trunkline.ws.twiml;

/** TwiML that cannot be carried out: not XML, not a {@code <Response>}, a verb missing what it needs. */
public final class TwimlException extends Exception {
    private static final long serialVersionUID = 1L;

    public TwimlException(String message) {
        super(message);
    }
}
