/**
 * Measurement of the media stages: each stage calls the one {@link io.trunkline.rtp.probe.MediaProbe} attached to
 * it at its points of interest and computes nothing for anybody else. {@link io.trunkline.rtp.probe.LegMetrics}
 * feeds the gateway-wide metrics ({@link io.trunkline.core.observe.LegObserver});
 * {@link io.trunkline.rtp.probe.GatewayLatencies} keeps the leg's own latencies for the call record and the metrics.
 */
package io.trunkline.rtp.probe;
