package io.trunkline.server.testing;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The event loops a test class's loopback agents run on, started before its first test and shut down after its
 * last: {@code @RegisterExtension static final AgentLoops agentLoops = new AgentLoops(1);}.
 */
public final class AgentLoops implements BeforeAllCallback, AfterAllCallback {
    private final int threads;
    private EventLoopGroup group;

    public AgentLoops(int threads) {
        this.threads = threads;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    public EventLoopGroup group() {
        return group;
    }
}
