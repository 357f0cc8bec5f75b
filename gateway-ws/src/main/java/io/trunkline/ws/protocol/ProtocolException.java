package io.trunkline.ws.protocol;

/** The agent sent a message that breaks the protocol. The transport closes the connection with {@link #closeCode}. */
public final class ProtocolException extends Exception {

    /** WebSocket close code 1007: the message's content is not valid for the protocol. */
    public static final int INVALID_PAYLOAD = 1007;
    /** WebSocket close code 1003: a message type the protocol does not accept (e.g. binary where text is expected). */
    public static final int UNSUPPORTED_DATA = 1003;

    private final int closeCode;

    public ProtocolException(String message) {
        this(INVALID_PAYLOAD, message, null);
    }

    public ProtocolException(String message, Throwable cause) {
        this(INVALID_PAYLOAD, message, cause);
    }

    /** @param closeCode the WebSocket close status sent to the agent */
    public ProtocolException(int closeCode, String message, Throwable cause) {
        super(message, cause, false, false);
        this.closeCode = closeCode;
    }

    /** The WebSocket close status the connection is closed with. */
    public int closeCode() {
        return closeCode;
    }
}
