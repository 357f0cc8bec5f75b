package io.trunkline.ws.connect;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.ws.raw.RawPcmProtocol;
import io.trunkline.ws.transport.ClientTransport;
import io.trunkline.ws.transport.EndpointResolver;
import io.trunkline.ws.transport.WebSocketConnector;
import io.trunkline.ws.twilio.IgnoredMessageObserver;
import io.trunkline.ws.twilio.TwilioStreamProtocol;
import io.trunkline.ws.twilio.TwilioStreamSettings;
import io.trunkline.ws.vapi.VapiCallCreator;
import io.trunkline.ws.vapi.VapiProtocol;
import io.trunkline.ws.vapi.VapiSettings;
import java.net.URI;
import java.util.Objects;

/**
 * The connectors for each {@code agent.kind}. The demo agent is reached like any remote agent, through the
 * WebSocket client, so a demo call exercises the same code path as a production call.
 *
 * <pre>{@code
 * DemoAgentServer demo = new DemoAgentServer(ioGroup, NioServerSocketChannel::new, 0);
 * AgentConnector agents = Connectors.demo(config.agent(), demo.start(),
 *         ClientTransport.of(NioSocketChannel::new));
 * }</pre>
 */
public final class Connectors {

    /** The demo agent's (and the default raw agent's) format. */
    public static final AudioFormat DEMO_FORMAT = AudioFormat.PCM16_16K;

    private Connectors() {
    }

    /** Kind {@code demo}: raw PCM at 16 kHz to the embedded demo agent at {@code demoUri}. */
    public static WebSocketConnector demo(AgentConfig config, URI demoUri,
            ClientTransport transport) {
        Objects.requireNonNull(demoUri, "demoUri: start the DemoAgentServer first");
        return WebSocketConnector.builder("demo", DEMO_FORMAT)
                .uri(demoUri)
                .protocol(RawPcmProtocol.factory(DEMO_FORMAT))
                .config(config)
                .transport(transport)
                .build();
    }

    /** Kind {@code raw}: raw PCM ({@code format}: PCM16 at 8 or 16 kHz) to {@code config.url()}. */
    public static WebSocketConnector raw(AgentConfig config, AudioFormat format,
            ClientTransport transport) {
        return WebSocketConnector.builder("raw", format)
                .uri(parse(Objects.requireNonNull(config.url(), "agent.url")))
                .protocol(RawPcmProtocol.factory(format))
                .config(config)
                .transport(transport)
                .build();
    }

    /**
     * Kind {@code vapi}: each call is created with {@code POST /call} on Vapi's API (see {@link VapiCallCreator}),
     * then connected to the call's {@code websocketCallUrl}; the leg's {@code agentCallId()} is Vapi's call id.
     * From {@code config} only the connect timeout (which covers the REST request and the WebSocket handshake
     * together) and the largest accepted frame are used.
     */
    public static WebSocketConnector vapi(VapiSettings settings, AgentConfig config,
            ClientTransport transport) {
        return WebSocketConnector.builder("vapi", settings.format())
                .endpoint(new VapiCallCreator(settings))
                .protocol(VapiProtocol.factory(settings))
                .config(config)
                .transport(transport)
                .build();
    }

    /**
     * Kind {@code twilio-stream}: the Twilio Media Streams format (μ-law at 8 kHz in base64 JSON) to
     * {@code settings.url()}. From {@code config} only the connect timeout and the largest accepted frame are used.
     */
    public static WebSocketConnector twilioStream(TwilioStreamSettings settings, AgentConfig config,
            ClientTransport transport) {
        return twilioStream(settings, config, transport, IgnoredMessageObserver.NONE);
    }

    /** Kind {@code twilio-stream}, telling {@code ignored} of every agent message the format ignores. */
    public static WebSocketConnector twilioStream(TwilioStreamSettings settings, AgentConfig config,
            ClientTransport transport, IgnoredMessageObserver ignored) {
        return WebSocketConnector.builder("twilio-stream", AudioFormat.PCMU_8K)
                .endpoint(EndpointResolver.fixed(settings.endpoint()))
                .protocol(TwilioStreamProtocol.factory(settings, ignored))
                .config(config)
                .transport(transport)
                .build();
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (java.net.URISyntaxException e) {
            // The exception quotes the URL, which may carry a token: report only where it broke.
            throw new IllegalArgumentException("agent.url is not a valid URI (at index " + e.getIndex() + ")");
        }
    }
}
