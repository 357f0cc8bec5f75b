package io.trunkline.server;

import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar trunkline.jar [--config FILE]}: loads the configuration (default {@code config/gateway.yaml}
 * when present), starts the gateway, and on SIGTERM or SIGINT drains it and exits 0.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final Path DEFAULT_CONFIG = Path.of("config", "gateway.yaml");

    private Main() {
    }

    public static void main(String[] args) {
        NettyDefaults.apply();
        Path configFile;
        try {
            configFile = configFile(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: trunkline [--config FILE]");
            System.exit(2);
            return;
        }
        GatewayConfig config;
        try {
            config = new ConfigLoader(System.getenv()).load(configFile);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("cannot read configuration " + configFile + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("configuration ({}):\n{}", configFile == null ? "built-in defaults" : configFile,
                ConfigLoader.describe(config));

        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (ConfigException e) {
            // Found only when starting: a TLS certificate or key file that cannot be used.
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            LOG.error("start-up failed: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable drain = () -> {
            gateway.drainAndStop();
            stopped.countDown();
        };
        // SIGTERM drains and exits 0 (a plain shutdown hook would end with 143); POST /admin/drain does the same.
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> new Thread(drain, "drain").start());
        }
        gateway.onDrainRequest(() -> new Thread(drain, "drain").start());
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::drainAndStop, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    private static Path configFile(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("configuration file not found: " + file);
        }
        if (file == null && Files.isRegularFile(DEFAULT_CONFIG)) {
            file = DEFAULT_CONFIG;
        }
        return file;
    }
}
