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
 * What a run with SIPp as the caller needs beside the gateway: the fake agent (echo) the gateway connects each call
 * to, on one event loop; on another, a UAC that asks the gateway for OPTIONS to see that it is up and, in churn
 * runs, places the {@link ProbeCall}.
 */
final class SippPeers implements AutoCloseable {
    private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("load-agent"), EpollIoHandler.newFactory());
    private final MultiThreadIoEventLoopGroup probeGroup = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory(ProbeCall.THREAD_PREFIX), EpollIoHandler.newFactory());
    final FakeAgentServer agent;
    final SipUac probe;
    /** The churn run's probe call, or null. */
    final ProbeCall probeCall;

    SippPeers(LoadOptions o, AgentMode mode, boolean withProbeCall) {
        CallDirectory directory = new CallDirectory(1);
        MeasureWindow window = new MeasureWindow();
        agent = new FakeAgentServer(group.next(), new InetSocketAddress(LOCAL, o.agentPort), directory,
                window, mode, 1, 1, 1000, 100, 0);
        probeCall = withProbeCall ? new ProbeCall(probeGroup.next(), o, directory, window, agent.metrics()) : null;
        probe = new SipUac(probeGroup.next(), new InetSocketAddress(LOCAL, o.uacPort),
                new InetSocketAddress(LOCAL, o.sipPort), probeCall);
    }

    void start() {
        agent.start();
        probe.start();
        if (probeCall != null) {
            probeCall.start();
        }
    }

    @Override
    public void close() {
        if (probeCall != null) {
            probeCall.stop();
        }
        probe.stop();
        agent.stop();
        probeGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
