package io.trunkline.ws.transport;

import io.trunkline.core.agent.ConnectPhases;
import java.util.OptionalLong;

/**
 * Times the phases of one leg's connection: finding the endpoint (a platform's REST call, when resolving takes one)
 * and the WebSocket connect up to the completed handshake. Loop-confined.
 */
final class ConnectTimer {
    private long startNanos;
    private long resolvedNanos;
    private long openNanos;
    private boolean remoteResolution;

    void started() {
        startNanos = System.nanoTime();
    }

    /** @param remote whether resolving was a phase of its own (a REST call), not a fixed URL */
    void resolving(boolean remote) {
        remoteResolution = remote;
    }

    void resolved() {
        resolvedNanos = System.nanoTime();
    }

    void open() {
        openNanos = System.nanoTime();
    }

    ConnectPhases phases() {
        OptionalLong rest = remoteResolution && resolvedNanos != 0 ? OptionalLong.of(resolvedNanos - startNanos)
                : OptionalLong.empty();
        OptionalLong webSocket = openNanos != 0 && resolvedNanos != 0 ? OptionalLong.of(openNanos - resolvedNanos)
                : OptionalLong.empty();
        return new ConnectPhases(rest, webSocket);
    }
}
