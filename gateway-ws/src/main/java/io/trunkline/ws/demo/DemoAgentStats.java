package io.trunkline.ws.demo;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the demo agent has seen, for the status page and tests. Thread-safe. */
public final class DemoAgentStats {

    final AtomicLong sessionsOpened = new AtomicLong();
    final AtomicLong sessionsClosed = new AtomicLong();
    final AtomicLong hangupsReceived = new AtomicLong();
    final AtomicLong audioBytesReceived = new AtomicLong();
    final AtomicLong audioBytesEchoed = new AtomicLong();
    final AtomicLong echoDropped = new AtomicLong();
    final AtomicLong badMessages = new AtomicLong();
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

    /** Caller audio received, in bytes. */
    public long audioBytesReceived() {
        return audioBytesReceived.get();
    }

    /** Caller audio sent back, in bytes. */
    public long audioBytesEchoed() {
        return audioBytesEchoed.get();
    }

    /** Caller audio not echoed (received during the greeting, or beyond the echo buffer's bound), in frames. */
    public long echoDropped() {
        return echoDropped.get();
    }

    /** Text messages that were not valid JSON objects. */
    public long badMessages() {
        return badMessages.get();
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
