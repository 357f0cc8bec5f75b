package io.trunkline.core.record;

/**
 * The gateway's own share of the media delay of one call.
 *
 * @param inbound     caller audio: packet read from the socket to frame handed to the agent leg
 * @param outbound    agent audio: conversion into the playout queue plus building and writing the packet,
 *                    excluding the time queued for pacing
 * @param pacingWait  how long agent audio waited in the playout queue for its 20 ms slot
 * @param pacingError how far each outbound packet interval was from 20 ms
 */
public record GatewayTimings(LatencySummary inbound, LatencySummary outbound, LatencySummary pacingWait,
        LatencySummary pacingError) {

    public static final GatewayTimings NONE =
            new GatewayTimings(LatencySummary.NONE, LatencySummary.NONE, LatencySummary.NONE, LatencySummary.NONE);

    public GatewayTimings {
        inbound = inbound == null ? LatencySummary.NONE : inbound;
        outbound = outbound == null ? LatencySummary.NONE : outbound;
        pacingWait = pacingWait == null ? LatencySummary.NONE : pacingWait;
        pacingError = pacingError == null ? LatencySummary.NONE : pacingError;
    }
}
