package io.trunkline.server;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.bridge.AgentRouter;
import io.trunkline.core.bridge.AgentRouter.RoutedAgent;
import io.trunkline.core.bridge.RouteTable;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AgentRoute;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.server.loop.IoLoops;
import io.trunkline.ws.AgentConnectors;
import io.trunkline.ws.demo.DemoAgentServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one agent connector per configured agent (the default and each route's) and the router that picks one
 * per call. Starts the embedded demo agent when any of them is {@code demo}.
 */
final class Agents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agents.class);

    private final IoLoops loops;
    private DemoAgentServer demoAgent;

    Agents(IoLoops loops) {
        this.loops = loops;
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
            case "demo" -> AgentConnectors.demo(agent, demoUri(), loops.socketChannels());
            case "raw" -> AgentConnectors.raw(agent,
                    agent.sampleRate() == 8000 ? AudioFormat.PCM16_8K : AudioFormat.PCM16_16K,
                    loops.socketChannels());
            default -> throw new ConfigException("agent.kind", "an agent kind this build supports", agent.kind());
        };
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
