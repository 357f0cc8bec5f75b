package io.trunkline.bench.load;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.trunkline.bench.load.agent.AgentMode;
import io.trunkline.bench.load.agent.CallDirectory;
import io.trunkline.bench.load.agent.FakeAgentServer;
import io.trunkline.bench.load.sip.SipUac;
import io.trunkline.bench.load.stats.MeasureWindow;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * What a run with SIPp as the caller needs beside the gateway, on one event loop: the fake agent (echo) the gateway
 * connects each call to, and a UAC that only asks the gateway for OPTIONS to see that it is up.
 */
final class SippPeers implements AutoCloseable {
    private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("load-agent"), EpollIoHandler.newFactory());
    final FakeAgentServer agent;
    final SipUac probe;

    SippPeers(LoadOptions o, AgentMode mode) {
        agent = new FakeAgentServer(group.next(), new InetSocketAddress(LOCAL, o.agentPort), new CallDirectory(1),
                new MeasureWindow(), mode, 1, 1, 1000, 100, 0);
        probe = new SipUac(group.next(), new InetSocketAddress(LOCAL, o.uacPort),
                new InetSocketAddress(LOCAL, o.sipPort), null);
    }

    void start() {
        agent.start();
        probe.start();
    }

    @Override
    public void close() {
        probe.stop();
        agent.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
