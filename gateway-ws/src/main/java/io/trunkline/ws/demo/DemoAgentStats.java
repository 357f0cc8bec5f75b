package io.trunkline.ws.demo;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the demo agent has seen: sessions, hang-ups, key presses and the latest call. Thread-safe. */
public final class DemoAgentStats {

    final AtomicLong sessionsOpened = new AtomicLong();
    final AtomicLong sessionsClosed = new AtomicLong();
    final AtomicLong hangupsReceived = new AtomicLong();
    final StringBuffer digits = new StringBuffer();
    final AtomicReference<String> lastCallId = new AtomicReference<>();

    /** WebSocket sessions that completed the handshake. */
    public long sessionsOpened() {
        return sessionsOpened.get();
    }

    /** Sessions whose connection has closed. */
    public long sessionsClosed() {
        return sessionsClosed.get();
    }

    /** {@code hangup} messages received from the gateway. */
    public long hangupsReceived() {
        return hangupsReceived.get();
    }

    /** Every DTMF digit received, in order. */
    public String digits() {
        return digits.toString();
    }

    /** The {@code callId} of the latest {@code start} message, or null. */
    public String lastCallId() {
        return lastCallId.get();
    }
}
