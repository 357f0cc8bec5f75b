package io.trunkline.core.observe;

/**
 * What one media leg reports as it runs, on the call's loop, per packet or per report. Every method has an empty
 * default, so {@link #NONE} costs one virtual call. Implementations must not allocate, lock or block.
 *
 * <p>Drops are not reported here but to the call's {@link DropObserver}, once each.
 *
 * <p>Directions: <em>in</em> is caller to gateway (measured here); <em>out</em> is gateway to caller (what we sent;
 * loss and jitter as the carrier reports them in RTCP).
 */
public interface LegObserver {

    /** Observes nothing. */
    LegObserver NONE = new LegObserver() {
    };

    /** An RTP packet from the caller was accepted (duplicates excluded). */
    default void packetReceived(int payloadBytes) {
    }

    /** An RTP packet was handed to the socket toward the caller. */
    default void packetSent(int payloadBytes) {
    }

    /** {@code packets} more inbound packets are now known to be lost (reported in increments). */
    default void inboundLost(long packets) {
    }

    /** {@code packets} more outbound packets were reported lost by the carrier's RTCP (in increments). */
    default void outboundLost(long packets) {
    }

    /** An inbound packet arrived after a later one. */
    default void outOfOrder() {
    }

    /** An inbound packet repeated a sequence number already received. */
    default void duplicate() {
    }

    /** A sample of the inbound interarrival jitter estimate (RFC 3550), taken every report interval. */
    default void inboundJitter(long nanos) {
    }

    /** Gateway processing of caller audio: packet read from the socket to frame handed to the agent leg. */
    default void inboundProcessing(long nanos) {
    }

    /**
     * Gateway processing of agent audio: conversion into the playout queue plus building and writing the packet,
     * without the time the audio waited in the queue for its 20 ms slot.
     */
    default void outboundProcessing(long nanos) {
    }

    /** How long agent audio waited in the playout queue before its packet went out. */
    default void pacingWait(long nanos) {
    }

    /** How far one outbound packet interval was from 20 ms. */
    default void pacingError(long nanos) {
    }

    /**
     * The pacer woke up late and found more than one packet due (it sends them at once, up to a bound, and skips
     * the rest: see {@link DropReason#PACER_SKIPPED}).
     */
    default void pacerLateTick() {
    }

    /** An error on one of the leg's channels: a failed write, a read error. The channel stays open. */
    default void channelError() {
    }

    /** A completed RFC 4733 key press. */
    default void dtmf() {
    }

    /** An RTCP compound packet (SR or RR) was sent. */
    default void rtcpSent() {
    }

    /**
     * The carrier reported on our stream: fraction lost since its previous report (0..1), its jitter estimate, and
     * the round trip derived from it ({@code -1} when the report does not allow one).
     */
    default void farEndReport(double fractionLost, long jitterNanos, long roundTripNanos) {
    }
}
