package io.trunkline.ws.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.ws.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a leg ends over an EmbeddedChannel that stands for its connection, without a protocol. */
class LegEndingTest {

    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final Connection connection = new Connection(ch.eventLoop());
    private final RecordingListener events = new RecordingListener();
    private final ConnectorStats stats = new ConnectorStats();
    private final LegEnding ending = new LegEnding(connection, new LegEvents(events), stats, "call-9",
            () -> "ws://agent.example/***", 4096);

    @AfterEach
    void releaseLeftovers() {
        ch.finishAndReleaseAll();
    }

    @Test
    void aFailureOfAnOpenLegClosesWithItsCodeThenIsTheOnlyEnd() {
        open();

        ending.fail(AgentFailure.of(Kind.CONNECTION_LOST, "agent stopped reading"), 1011);
        ending.channelInactive();

        assertEquals(1011, readCloseCode());
        assertFalse(ch.isOpen());
        assertEquals(Kind.CONNECTION_LOST, events.failed.get(0).kind());
        assertEquals(1, events.terminalEvents());
    }

    @Test
    void aFailureWhileConnectingCutsTheConnectionWithoutACloseFrame() {
        connecting();

        ending.fail(AgentFailure.of(Kind.TIMEOUT, "agent not ready"), Connection.NORMAL_CLOSURE);

        assertNull(ch.readOutbound());
        assertFalse(ch.isOpen());
        assertEquals(Kind.TIMEOUT, events.failed.get(0).kind());
    }

    @Test
    void aProtocolErrorIsCountedAndClosesWithItsCode() {
        open();

        ending.protocolError(1007, "invalid JSON");

        assertEquals(1007, readCloseCode());
        assertEquals(Kind.PROTOCOL, events.failed.get(0).kind());
        assertEquals(1, stats.protocolErrors());
    }

    @Test
    void afterTheCallClosedTheLegTheAgentsCloseEndsTheConnectionSilently() {
        open();

        ending.closedByCall();
        ending.closedByCall();
        ending.agentClosed(1001);

        assertEquals(Connection.NORMAL_CLOSURE, readCloseCode());
        assertNull(ch.readOutbound());
        assertFalse(ch.isOpen());
        assertEquals(0, events.terminalEvents());
    }

    @Test
    void aNormalCloseFromTheAgentIsEchoedAsAHangup() {
        open();

        ending.agentClosed(Connection.NORMAL_CLOSURE);

        assertEquals(Connection.NORMAL_CLOSURE, readCloseCode());
        assertEquals(1, events.hangups.size());
        assertEquals(1, events.terminalEvents());
        assertEquals(Connection.State.CLOSING, connection.state());
    }

    @Test
    void theChannelClosingDuringTheHandshakeIsUnavailable() {
        connecting();

        ending.channelInactive();

        assertEquals(Kind.UNAVAILABLE, events.failed.get(0).kind());
        assertEquals(Connection.State.CLOSED, connection.state());
    }

    @Test
    void anUnknownErrorWhileConnectingIsUnavailable() {
        connecting();

        ending.channelError(new IllegalStateException("boom"));

        assertNull(ch.readOutbound(), "no close frame before the handshake completed");
        assertFalse(ch.isOpen());
        assertEquals(Kind.UNAVAILABLE, events.failed.get(0).kind());
    }

    @Test
    void lateErrorsOfAClosingConnectionOnlyCloseIt() {
        open();
        ending.closedByCall();
        readCloseCode();

        ending.channelError(new IllegalStateException("late"));

        assertEquals(0, events.terminalEvents());
        assertEquals(Connection.State.CLOSING, connection.state());
    }

    private void connecting() {
        connection.connecting(() -> { }, 60_000);
        connection.attach(ch);
    }

    private void open() {
        connecting();
        assertTrue(connection.opened());
    }

    private int readCloseCode() {
        CloseWebSocketFrame close = ch.readOutbound();
        try {
            return close.statusCode();
        } finally {
            close.release();
        }
    }
}
