package io.trunkline.sip;

import java.io.IOException;

/** The SIP server could not listen on its address and port (typically: the port is already in use). */
public final class SipBindException extends IOException {
    public SipBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
