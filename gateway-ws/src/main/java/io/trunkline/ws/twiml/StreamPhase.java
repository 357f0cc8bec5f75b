package io.trunkline.ws.twiml;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.loop.CallLoop;
import java.net.URI;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code <Connect><Stream>} of one TwiML call: connects the stream's Twilio-format agent, carries the call's
 * media to it while it is the current stream, and answers the call once it is ready. When the stream ends (closed by
 * the agent, or lost after answer) the TwiML after it goes on, as on Twilio. Confined to the call's loop.
 */
final class StreamPhase implements StreamSink.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPhase.class);

    private final TwimlSettings s;
    private final StreamConnectors streams;
    private final AgentSession streamSession;
    private final String accountSid;
    private final CallLoop loop;
    private final LegState state;
    private final AgentEvents events;
    private final Runnable goOn;
    private AgentLeg stream;
    private StreamSink streamSink;

    /**
     * @param streamSession what the stream is told of the call
     * @param goOn          carries on with the TwiML after the {@code <Connect>}
     */
    StreamPhase(TwimlSettings settings, StreamConnectors streams, AgentSession streamSession, String accountSid,
            CallLoop loop, LegState state, AgentEvents events, Runnable goOn) {
        this.s = settings;
        this.streams = streams;
        this.streamSession = streamSession;
        this.accountSid = accountSid;
        this.loop = loop;
        this.state = state;
        this.events = events;
        this.goOn = goOn;
    }

    /** Connects the stream {@code verb} names; false (and a warning) when it cannot be connected at all. */
    boolean connect(Verb.ConnectStream verb) {
        AgentConnector connector;
        try {
            connector = streams.forStream(verb, accountSid, s.authToken);
        } catch (IllegalArgumentException e) {
            TwimlLog.warn(LOG, "call {}: <Stream> cannot be connected: {}", callId(), e.getMessage());
            return false;
        }
        StreamSink sink = new StreamSink(this);
        streamSink = sink;
        LOG.info("call {}: <Connect><Stream> to {} with {} parameter(s)", callId(),
                TwimlLog.redacted(URI.create(verb.url())), verb.parameters().size());
        stream = connector.connect(streamSession, loop, sink);
        return true;
    }

    /** Ends the current stream, if any: {@code tellAgent} says the gateway ended it, else it is just closed. */
    void close(boolean tellAgent) {
        AgentLeg leg = stream;
        stream = null;
        streamSink = null;
        if (leg != null) {
            if (tellAgent) {
                leg.gatewayEnded();
            } else {
                leg.close();
            }
        }
    }

    // ---- the call towards the stream; without one (answered for a <Dial> or a <Hangup>) nobody listens ----------

    void sendAudio(ByteBuffer frame) {
        if (stream != null) {
            stream.sendAudio(frame);
        }
    }

    void sendDtmf(DtmfDigit digit) {
        if (stream != null) {
            stream.sendDtmf(digit);
        }
    }

    void markPlayed(String name) {
        if (stream != null) {
            stream.markPlayed(name);
        }
    }

    /** Tells the stream's agent its transfer failed; false when there is no stream to tell. */
    boolean transferFailed(String destination, String reason) {
        if (stream == null) {
            return false;
        }
        stream.transferFailed(destination, reason);
        return true;
    }

    // ---- StreamSink.Owner: what the current stream's leg reports -----------------------------------------------

    @Override
    public boolean current(StreamSink sink) {
        return streamSink == sink && !state.closed();
    }

    @Override
    public AgentEvents call() {
        return events;
    }

    @Override
    public void streamReady(ConnectPhases phases) {
        if (!state.answered()) {
            state.answer(phases);
        }
    }

    /** The stream agent closed normally: as on Twilio, the TwiML after the {@code <Connect>} goes on. */
    @Override
    public void streamEnded(String reason) {
        stream = null;
        streamSink = null;
        LOG.info("call {}: the stream ended ({}); the TwiML goes on", callId(), reason);
        goOn.run();
    }

    /**
     * Before answer the call cannot be set up: the call decides (503, or the agent's fallback URI). After it, as on
     * Twilio, a stream that breaks ends the {@code <Connect>} and the TwiML after it goes on (the end of the TwiML
     * hangs up), so a lost stream never makes the call ask the voice URL again.
     */
    @Override
    public void streamFailed(AgentFailure failure) {
        stream = null;
        streamSink = null;
        if (state.answered()) {
            TwimlLog.warn(LOG, "call {}: the stream failed ({}: {}); the TwiML goes on", callId(), failure.kind(),
                    failure.message());
            goOn.run();
            return;
        }
        state.failed(failure);
    }

    private String callId() {
        return streamSession.callId();
    }
}
