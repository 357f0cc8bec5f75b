package io.trunkline.core.config;

import java.time.Duration;

/**
 * Media engine settings.
 *
 * @param bindAddress        local address RTP sockets bind to
 * @param advertisedAddress  address written into the SDP answer ({@code c=}); null = bind address
 * @param portMin            first port of the range (even)
 * @param portMax            last port of the range; pairs are (even RTP, odd RTCP)
 * @param latching           send to where the caller's RTP actually comes from (NAT), once latched accept nothing
 *                           else
 * @param inactivityTimeout  no inbound RTP for this long ends the call
 * @param playoutQueueMillis the most agent audio queued for playout; more is dropped and counted
 * @param ioThreads          event loops for media and WebSocket I/O; 0 = number of cores
 * @param srtp               whether SRTP (SDES) is refused, taken when offered, or required
 * @param realtimePriority   the call loops' priority in the real-time FIFO scheduling class (1-99), so that they
 *                           never wait for a core behind the process's other threads or other processes; 0 = the
 *                           normal class
 */
public record RtpConfig(
        String bindAddress,
        String advertisedAddress,
        int portMin,
        int portMax,
        boolean latching,
        Duration inactivityTimeout,
        int playoutQueueMillis,
        int ioThreads,
        SrtpMode srtp,
        int realtimePriority) {

    public static final RtpConfig DEFAULTS =
            new RtpConfig("0.0.0.0", null, 20000, 29999, true, Duration.ofSeconds(30), 60_000, 0);

    /** Settings with the default SRTP mode, {@link SrtpMode#OPTIONAL}, and call loops in the normal class. */
    public RtpConfig(String bindAddress, String advertisedAddress, int portMin, int portMax, boolean latching,
            Duration inactivityTimeout, int playoutQueueMillis, int ioThreads) {
        this(bindAddress, advertisedAddress, portMin, portMax, latching, inactivityTimeout, playoutQueueMillis,
                ioThreads, SrtpMode.OPTIONAL);
    }

    /** Settings with call loops in the normal scheduling class. */
    public RtpConfig(String bindAddress, String advertisedAddress, int portMin, int portMax, boolean latching,
            Duration inactivityTimeout, int playoutQueueMillis, int ioThreads, SrtpMode srtp) {
        this(bindAddress, advertisedAddress, portMin, portMax, latching, inactivityTimeout, playoutQueueMillis,
                ioThreads, srtp, 0);
    }

    public RtpConfig {
        Check.notBlank("rtp.bind-address", bindAddress);
        Check.port("rtp.port-min", portMin);
        Check.port("rtp.port-max", portMax);
        if (portMin % 2 != 0) {
            throw new ConfigException("rtp.port-min", "an even port", portMin);
        }
        if (portMax <= portMin) {
            throw new ConfigException("rtp.port-max", "a port above rtp.port-min (" + portMin + ")", portMax);
        }
        Check.positive("rtp.inactivity-timeout", inactivityTimeout);
        Check.range("rtp.playout-queue-millis", playoutQueueMillis, 20, 600_000);
        Check.range("rtp.io-threads", ioThreads, 0, 256);
        if (srtp == null) {
            throw new ConfigException("rtp.srtp", "off, optional or mandatory", null);
        }
        Check.range("rtp.realtime-priority", realtimePriority, 0, 99);
    }

    public String effectiveAdvertisedAddress() {
        return AdvertisedAddress.resolve(advertisedAddress, bindAddress);
    }

    /** How many (RTP, RTCP) pairs the range holds. */
    public int portPairs() {
        return (portMax - portMin + 1) / 2;
    }

    /** A copy with another SRTP mode. */
    public RtpConfig withSrtp(SrtpMode mode) {
        return new RtpConfig(bindAddress, advertisedAddress, portMin, portMax, latching, inactivityTimeout,
                playoutQueueMillis, ioThreads, mode, realtimePriority);
    }
}
