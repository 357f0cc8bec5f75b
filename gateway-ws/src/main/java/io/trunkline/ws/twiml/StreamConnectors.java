package io.trunkline.ws.twiml;

import io.netty.handler.ssl.SslContext;
import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.ws.transport.ClientTransport;
import io.trunkline.ws.transport.EndpointResolver;
import io.trunkline.ws.transport.WebSocketConnector;
import io.trunkline.ws.twilio.IgnoredMessageObserver;
import io.trunkline.ws.twilio.TwilioStreamProtocol;
import io.trunkline.ws.twilio.TwilioStreamSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the Twilio Media Streams connector of one {@code <Connect><Stream>}: its URL and {@code <Parameter>}s are
 * the TwiML's, the upgrade is signed when an auth token is known (as Twilio signs it), and the connect timeout,
 * frame limit and TLS context are shared by every call of the TwiML agent.
 */
final class StreamConnectors {
    private final AgentConfig agent;
    private final ClientTransport transport;
    private final SslContext ssl;
    private final IgnoredMessageObserver ignored;

    StreamConnectors(AgentConfig agent, ClientTransport transport, SslContext ssl, IgnoredMessageObserver ignored) {
        this.agent = agent;
        this.transport = transport;
        this.ssl = ssl;
        this.ignored = ignored;
    }

    /** The connector of one stream; its customParameters are exactly the TwiML's parameters. */
    AgentConnector forStream(Verb.ConnectStream stream, String accountSid, String authToken) {
        Map<String, String> literal = new LinkedHashMap<>();
        // Parameters are text, never templates: braces stand for themselves.
        stream.parameters().forEach((name, value) -> literal.put(name, value.replace("{", "{{").replace("}", "}}")));
        TwilioStreamSettings settings = new TwilioStreamSettings(URI.create(stream.url()), literal, accountSid,
                authToken);
        WebSocketConnector.Builder builder = WebSocketConnector.builder("twilio-stream", AudioFormat.PCMU_8K)
                .endpoint(EndpointResolver.fixed(settings.endpoint()))
                .protocol(TwilioStreamProtocol.factory(settings, ignored))
                .config(agent)
                .transport(transport);
        return (ssl == null ? builder : builder.sslContext(ssl)).build();
    }
}
