package io.trunkline.ws.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The state of one leg's channel, from connecting to closed, with its connect deadline and its side of the
 * WebSocket close handshake. The leg drives the transitions; this class keeps them consistent. Loop-confined.
 */
final class Connection {

    static final int NORMAL_CLOSURE = 1000;
    /** How long a close frame may wait in a full write buffer before the connection is cut. */
    private static final long CLOSE_GRACE_MILLIS = 1000;

    enum State { NEW, CONNECTING, OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private State state = State.NEW;
    private Channel channel;
    private ScheduledFuture<?> deadline;

    Connection(EventLoop loop) {
        this.loop = loop;
    }

    State state() {
        return state;
    }

    /** Whether messages may be written: the one readiness check of the send path. */
    boolean isOpen() {
        return state == State.OPEN;
    }

    boolean isConnecting() {
        return state == State.CONNECTING;
    }

    /** The channel, once dialled; null before. */
    Channel channel() {
        return channel;
    }

    /** Connecting starts; {@code onDeadline} runs unless the connection opens or ends within {@code millis}. */
    void connecting(Runnable onDeadline, long millis) {
        state = State.CONNECTING;
        deadline = loop.schedule(onDeadline, millis, TimeUnit.MILLISECONDS);
    }

    void attach(Channel ch) {
        channel = ch;
    }

    /** The handshake completed; false when the connection was no longer connecting. */
    boolean opened() {
        if (state != State.CONNECTING) {
            return false;
        }
        state = State.OPEN;
        cancelDeadline();
        return true;
    }

    /**
     * The leg ends: closing (closed at once without a channel, since nothing will report the close). Returns the
     * state before.
     */
    State ending() {
        State before = state;
        if (before != State.CLOSED) {
            state = channel == null ? State.CLOSED : State.CLOSING;
        }
        cancelDeadline();
        return before;
    }

    /** The channel went inactive; returns the state before. */
    State closed() {
        State before = state;
        state = State.CLOSED;
        cancelDeadline();
        return before;
    }

    /**
     * Closes the channel of a leg that was {@code before}: with a close frame of {@code closeCode} when it was open
     * and the code is positive, else at once.
     */
    void close(State before, int closeCode) {
        if (channel == null || before == State.CLOSED) {
            return;
        }
        if (before == State.OPEN && closeCode > 0) {
            Channel ch = channel;
            ch.writeAndFlush(new CloseWebSocketFrame(closeCode, null)).addListener(ChannelFutureListener.CLOSE);
            if (!ch.isWritable()) {
                // The agent stopped reading: the close frame may never leave the buffer.
                loop.schedule(() -> ch.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } else {
            channel.close();
        }
    }

    /** Answers the agent's close frame as RFC 6455 asks, then drops the connection. */
    void echoClose(int statusCode) {
        CloseWebSocketFrame reply = statusCode > 0 ? new CloseWebSocketFrame(statusCode, null)
                : new CloseWebSocketFrame();
        channel.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
