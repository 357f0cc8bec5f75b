package io.trunkline.server.warmup;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.metrics.GatewayMeters;
import io.trunkline.metrics.MicrometerCallObserver;
import io.trunkline.server.loop.IoLoops;
import io.trunkline.ws.connect.Connectors;
import io.trunkline.ws.demo.DemoAgentServer;
import java.util.function.BooleanSupplier;

/**
 * What whole rehearsal calls need for the length of the warm-up, and nothing after it: an agent inside this process
 * (the embedded demo agent, on the gateway's event loops, listening on an ephemeral port of 127.0.0.1) reached
 * through the same WebSocket client as every agent, a meter registry of the warm-up's own (so the gateway's meters
 * count real calls only), and the call path of {@link BridgeRehearsal}. These are real loopback sockets, all of
 * them inside this process: the TCP connect and WebSocket handshake, and the SIP stack's transactions and dialogs,
 * cannot be run without one.
 */
final class CallRehearsalStage implements AutoCloseable {
    private final DemoAgentServer agent;
    private final PrometheusMeterRegistry registry;
    private final BridgeRehearsal call;

    private CallRehearsalStage(DemoAgentServer agent, PrometheusMeterRegistry registry, BridgeRehearsal call) {
        this.agent = agent;
        this.registry = registry;
        this.call = call;
    }

    /** Starts the loopback agent and the private SIP listener; on failure, stops what it started. */
    static CallRehearsalStage open(IoLoops loops, MediaLegFactory media) throws Exception {
        DemoAgentServer agent = new DemoAgentServer(loops.group(), loops.serverSocketChannels(), 0);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            BridgeRehearsal call = new BridgeRehearsal(loops, media,
                    Connectors.demo(AgentConfig.DEFAULTS, agent.start(), loops.clientTransport()),
                    new MicrometerCallObserver(new GatewayMeters(registry)));
            return new CallRehearsalStage(agent, registry, call);
        } catch (Exception | Error e) {
            agent.stop();
            registry.close();
            throw e;
        }
    }

    /** One whole call; false when it did not complete in time. */
    BooleanSupplier call() {
        return () -> {
            try {
                return call.run();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("rehearsal call failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        };
    }

    @Override
    public void close() {
        call.close();
        agent.stop();
        registry.close();
    }
}
