package io.trunkline.rtp.engine;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.testing.TestCallLoop;
import io.trunkline.rtp.testing.LoopbackPeer;
import io.trunkline.rtp.testing.RecordingListener;
import io.trunkline.rtp.testing.RtpPackets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real event loop of a transport, an engine on it, a leg opened toward a loopback peer, and a listener that
 * records what the leg reports. Everything the leg does runs on the loop; the test thread hands work over with
 * {@link #call} and {@link #run}.
 */
final class LegFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    final EventLoopGroup group;
    final EventLoop eventLoop;
    final TestCallLoop loop;
    final RtpEngine engine;
    final RecordingListener listener = new RecordingListener();
    final LoopbackPeer peer = new LoopbackPeer();
    final MediaOffer offer;
    final UdpMediaLeg leg;

    LegFixture(UdpTransport transport, RtpConfig config, AudioFormat agentFormat) {
        this(transport, config, agentFormat, io.trunkline.core.observe.MediaObserver.NONE);
    }

    LegFixture(UdpTransport transport, RtpConfig config, AudioFormat agentFormat,
            io.trunkline.core.observe.MediaObserver observer) {
        group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        eventLoop = group.next();
        loop = new TestCallLoop(eventLoop);
        engine = new RtpEngine(config, transport, observer);
        InetSocketAddress remote = peer.address();
        offer = new MediaOffer(remote, new InetSocketAddress(remote.getAddress(), remote.getPort() + 1),
                AudioFormat.PCMU_8K, RtpPackets.PCMU, RtpPackets.EVENT, 20, MediaDirection.SENDRECV);
        leg = call(() -> (UdpMediaLeg) engine.open("it-call", loop, offer, agentFormat, listener));
    }

    /** A loopback configuration with a port range of its own. */
    static RtpConfig config(int portMin, int pairs, boolean latching, Duration inactivity) {
        return new RtpConfig("127.0.0.1", null, portMin, portMin + 2 * pairs - 1, latching, inactivity, 10_000, 1);
    }

    /** The transports that work here: NIO always, epoll on Linux with its native library. */
    static Stream<UdpTransport> transports() {
        return Arrays.stream(UdpTransport.values()).filter(UdpTransport::isAvailable);
    }

    /** Runs {@code task} on the loop and returns its result. */
    <T> T call(Callable<T> task) {
        try {
            return eventLoop.submit(task).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("task on the loop failed", e);
        }
    }

    /** Runs {@code task} on the loop and waits for it. */
    void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public void close() {
        try {
            run(leg::close);
        } finally {
            peer.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
