package io.trunkline.core.observe;

import java.util.Locale;

/**
 * Why the gateway dropped or refused media, with the direction it was travelling in. The set is closed, so each
 * reason's {@link #tag()} may be a metric tag as it is.
 *
 * <p>Directions: {@link Direction#IN} is the caller's side of the call travelling toward the agent (RTP and RTCP
 * from the carrier, caller audio and control messages to the agent); {@link Direction#OUT} is the agent's audio
 * travelling toward the caller. Counts are in the unit the drop site deals in: datagrams for RTP and RTCP, 20 ms
 * frames for audio, messages for control messages.
 *
 * <p>Packets that arrive late or twice are RTP statistics ({@code outOfOrder}, {@code duplicates}), counted
 * there and not again here.
 */
public enum DropReason {

    /** An RTP datagram from an address other than the negotiated or latched one. */
    RTP_SOURCE(Direction.IN, "source"),
    /** An RTP datagram that did not parse. */
    RTP_MALFORMED(Direction.IN, "malformed"),
    /** A valid RTP packet of a payload type that was not negotiated. */
    RTP_PAYLOAD_TYPE(Direction.IN, "payload-type"),
    /** An SRTP datagram whose authentication tag did not verify (wrong key, forged or damaged), or too short. */
    SRTP_AUTH(Direction.IN, "srtp-auth"),
    /** An SRTP datagram already received, or older than the replay window (RFC 3711 section 3.3.2). */
    SRTP_REPLAY(Direction.IN, "srtp-replay"),
    /** An SRTCP datagram whose authentication tag did not verify, or too short. */
    SRTCP_AUTH(Direction.IN, "srtcp-auth"),
    /** An SRTCP datagram already received, or older than the replay window. */
    SRTCP_REPLAY(Direction.IN, "srtcp-replay"),
    /** An RTCP datagram from a host other than the carrier's. */
    RTCP_SOURCE(Direction.IN, "rtcp-source"),
    /** An RTCP datagram that did not parse. */
    RTCP_MALFORMED(Direction.IN, "rtcp-malformed"),
    /** Caller audio beyond the bound of what is kept while the agent is not ready (one count per frame). */
    EARLY_AUDIO_FULL(Direction.IN, "early-audio-full"),
    /** Caller audio that reached the agent connection before it was ready. */
    AGENT_NOT_READY(Direction.IN, "agent-not-ready"),
    /** Caller audio not written because the agent's connection was full: the agent stopped reading. */
    AGENT_NOT_READING(Direction.IN, "agent-not-reading"),
    /** A control message to the agent (key press, mark echo) not sent because the connection was not open. */
    AGENT_CONTROL(Direction.IN, "control-not-sent"),
    /** Agent audio beyond the playout queue's bound (one count per 20 ms frame, rounded up). */
    PLAYOUT_FULL(Direction.OUT, "playout-full"),
    /** An RTP packet to the caller not written because the channel was closed or its buffer full. */
    NOT_WRITTEN(Direction.OUT, "not-written"),
    /**
     * A 20 ms packet slot toward the caller skipped because the event loop woke too late to catch up; the queued
     * audio is delayed, not lost, but the caller hears a gap.
     */
    PACER_SKIPPED(Direction.OUT, "pacer-skipped"),
    /**
     * A 20 ms frame of a bridged transfer not relayed because the other leg already held
     * {@code TargetRelay.MAX_HELD_MILLIS} of audio: jitter or a faster sender clock would otherwise add delay for the
     * rest of the call.
     */
    RELAY_LATE(Direction.OUT, "relay-late");

    /** Which way the dropped media was travelling. */
    public enum Direction {
        /** From the caller, toward the agent. */
        IN,
        /** From the agent, toward the caller. */
        OUT;

        /** {@code in} or {@code out}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Direction direction;
    private final String tag;

    DropReason(Direction direction, String tag) {
        this.direction = direction;
        this.tag = tag;
    }

    public Direction direction() {
        return direction;
    }

    /** Lower case with dashes, as in metrics and call records. */
    public String tag() {
        return tag;
    }
}
