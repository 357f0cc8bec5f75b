package io.trunkline.server;

import io.micrometer.core.instrument.Counter;
import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.bridge.AgentRouter.RoutedAgent;
import io.trunkline.core.bridge.AgentRouter;
import io.trunkline.core.bridge.RouteTable;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AgentRoute;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.metrics.GatewayMeters;
import io.trunkline.metrics.MicrometerTwimlObserver;
import io.trunkline.server.loop.IoLoops;
import io.trunkline.ws.connect.Connectors;
import io.trunkline.ws.demo.DemoAgentServer;
import io.trunkline.ws.twilio.IgnoredMessage;
import io.trunkline.ws.twilio.IgnoredMessageObserver;
import io.trunkline.ws.twilio.TwilioStreamSettings;
import io.trunkline.ws.vapi.VapiConfig;
import io.trunkline.ws.vapi.VapiSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one agent connector per configured agent (the default and each route's) and the router that picks one
 * per call. Starts the embedded demo agent when any of them is {@code demo}.
 */
final class Agents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agents.class);

    private final IoLoops loops;
    private final EnvironmentSecrets secrets;
    private final GatewayMeters meters;
    private IgnoredMessageObserver ignoredTwilioMessages;
    private DemoAgentServer demoAgent;
    private TwimlAgents twiml;

    /** @param meters where agent messages that a protocol ignores are counted */
    Agents(IoLoops loops, EnvironmentSecrets secrets, GatewayMeters meters) {
        this.loops = loops;
        this.secrets = secrets;
        this.meters = meters;
    }

    /**
     * One counter per reason, shared by every Twilio-format connector (the default agent's and the routes'),
     * registered at zero when the first is built so that dashboards see them before the first ignored message.
     */
    private IgnoredMessageObserver ignoredTwilioMessages() {
        if (ignoredTwilioMessages == null) {
            Map<IgnoredMessage, Counter> counters = new EnumMap<>(IgnoredMessage.class);
            for (IgnoredMessage reason : IgnoredMessage.values()) {
                counters.put(reason, meters.agentMessagesIgnored("twilio-stream", reason.tag()));
            }
            ignoredTwilioMessages = reason -> counters.get(reason).increment();
        }
        return ignoredTwilioMessages;
    }

    AgentRouter router(GatewayConfig config) {
        RoutedAgent defaultAgent = new RoutedAgent(connector(config.agent()), config.agent());
        List<RouteTable.Entry> entries = new ArrayList<>();
        for (AgentRoute route : config.routes()) {
            entries.add(new RouteTable.Entry(route, new RoutedAgent(connector(route.agent()), route.agent())));
        }
        return new RouteTable(entries, defaultAgent);
    }

    private AgentConnector connector(AgentConfig agent) {
        return switch (agent.kind()) {
            case "demo" -> Connectors.demo(agent, demoUri(), loops.clientTransport());
            case "raw" -> Connectors.raw(agent,
                    agent.sampleRate() == 8000 ? AudioFormat.PCM16_8K : AudioFormat.PCM16_16K,
                    loops.clientTransport());
            case "vapi" -> Connectors.vapi(vapiSettings(agent), agent, loops.clientTransport());
            case "twilio-stream" -> Connectors.twilioStream(twilioSettings(agent), agent,
                    loops.clientTransport(), ignoredTwilioMessages());
            case "twiml" -> twiml().connector(agent, secrets, ignoredTwilioMessages());
            default -> throw new ConfigException("agent.kind", "one of " + AgentConfig.KINDS, agent.kind());
        };
    }

    /** The auth token that signs the upgrade comes from the environment variable the configuration names, if any. */
    private TwilioStreamSettings twilioSettings(AgentConfig agent) {
        TwilioStreamSettings settings = new TwilioStreamSettings(URI.create(agent.url()), agent.customParameters(),
                null);
        if (agent.twilioAuthTokenEnv() == null) {
            return settings;
        }
        String token = secrets.require("agent.twilio-auth-token-env", agent.twilioAuthTokenEnv(),
                "the Twilio auth token");
        return settings.signedWith(token.trim());
    }

    /** The API key comes from the environment variable the configuration names, never from a file. */
    private VapiSettings vapiSettings(AgentConfig agent) {
        VapiConfig vapi = agent.option(VapiConfig.class)
                .orElseThrow(() -> new ConfigException("vapi", "a vapi section for agent.kind vapi", "none"));
        String key = secrets.require("vapi.api-key-env", vapi.apiKeyEnv(), "the Vapi private key");
        VapiSettings.Builder settings = VapiSettings.builder(key)
                .baseUrl(URI.create(vapi.baseUrl()))
                .format(vapi.audioFormat().equals("mulaw") ? AudioFormat.PCMU_8K : AudioFormat.PCM16_16K)
                .dtmfMessageTemplate(vapi.dtmfMessage())
                .endCallMessage(vapi.endCallMessage())
                .customParameters(agent.customParameters())
                .requestTimeout(vapi.requestTimeout());
        if (!vapi.assistantId().isEmpty()) {
            return settings.assistantId(vapi.assistantId()).build();
        }
        try {
            return settings.assistant(Files.readString(Path.of(vapi.assistantFile()))).build();
        } catch (IOException e) {
            throw new ConfigException("vapi.assistant-file", "a readable JSON file", vapi.assistantFile());
        }
    }

    /**
     * The TwiML agents' shared parts (HTTP client, call registry, call control), built with the first one; their
     * counters are registered at zero then.
     */
    private TwimlAgents twiml() {
        if (twiml == null) {
            twiml = new TwimlAgents(loops.clientTransport(), new MicrometerTwimlObserver(meters));
        }
        return twiml;
    }

    /** The TwiML agents' parts, or null when no agent is {@code twiml}. */
    TwimlAgents twimlAgents() {
        return twiml;
    }

    private URI demoUri() {
        if (demoAgent == null) {
            demoAgent = new DemoAgentServer(loops.group(), loops.serverSocketChannels(), 0);
            LOG.info("embedded demo agent listening on {}", demoAgent.start());
        }
        return demoAgent.uri();
    }

    @Override
    public void close() {
        if (demoAgent != null) {
            demoAgent.stop();
        }
    }
}
