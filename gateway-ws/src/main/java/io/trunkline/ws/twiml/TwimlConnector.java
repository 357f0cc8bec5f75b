package io.trunkline.ws.twiml;

import io.netty.handler.ssl.SslContext;
import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.ws.transport.ClientTransport;
import io.trunkline.ws.twilio.IgnoredMessageObserver;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code agent.kind: twiml}: each call asks the application's voice URL what to do, exactly as Twilio would, and
 * carries out the TwiML it answers ({@link TwimlLeg}); a {@code <Connect><Stream>} connects the call to that
 * stream's Twilio-format agent. The agent speaks μ-law at 8 kHz (the stream format). Thread-safe.
 */
public final class TwimlConnector implements AgentConnector {

    private final TwimlSettings settings;
    private final StreamConnectors streams;

    /**
     * @param agent  the agent's settings (connect timeout and frame limit of the streams)
     * @param ssl    the TLS context of {@code wss://} streams, or null for each stream's own
     */
    public TwimlConnector(TwimlSettings settings, AgentConfig agent, ClientTransport transport, SslContext ssl,
            IgnoredMessageObserver ignored) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.streams = new StreamConnectors(agent, transport, ssl, ignored);
    }

    @Override
    public String kind() {
        return "twiml";
    }

    @Override
    public AudioFormat format() {
        return AudioFormat.PCMU_8K;
    }

    /** The TwiML may take {@code twiml.setup-timeout} before the stream it names starts connecting. */
    @Override
    public Duration readyTimeout(Duration configured) {
        return configured.plus(settings.config.setupTimeout());
    }

    @Override
    public AgentLeg connect(AgentSession session, CallLoop loop, AgentEvents events) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("connect() must be called on the call's loop");
        }
        TwimlLeg leg = new TwimlLeg(settings, streams, session, loop, events);
        leg.start();
        return leg;
    }

    /** The calls this connector runs, by call SID. */
    public TwimlCalls calls() {
        return settings.calls;
    }
}
