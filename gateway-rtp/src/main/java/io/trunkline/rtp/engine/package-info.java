/**
 * The Netty UDP media engine: {@link io.trunkline.rtp.engine.RtpEngine} opens one
 * {@link io.trunkline.rtp.engine.UdpMediaLeg} per call, whose RTP and RTCP channels, pacer and timers all live on
 * the call's event loop.
 *
 * <p>Inbound: datagram → {@link io.trunkline.rtp.engine.SourceFilter} (SDP address, or the latched source) → RTP
 * parse → payload type → receive statistics → in-order audio is converted to the agent's format and re-framed to
 * 20 ms ({@link io.trunkline.rtp.engine.CallerAudioPath}); telephone events go to the DTMF receiver. Every drop is
 * reported once, where it happens, to the leg's listener ({@link io.trunkline.core.observe.DropObserver}): the
 * call counts it for its record and passes it on to the metrics.
 *
 * <p>Outbound: agent audio → {@link io.trunkline.rtp.engine.PlayoutEncoder} → bounded
 * {@link io.trunkline.rtp.engine.PlayoutQueue} → {@link io.trunkline.rtp.engine.Pacer}, one packet per 20 ms on an
 * absolute timeline, driven by {@link io.trunkline.rtp.engine.PacerTimer}. The pacers of one loop share one
 * {@link io.trunkline.rtp.engine.PacerClock}: their timelines start on a common 1 ms grid, so the loop wakes at
 * most once a millisecond to send for all its calls.
 *
 * <p>RTCP: {@link io.trunkline.rtp.engine.RtcpReporter} sends an SR/RR with SDES every 5 s (and BYE at close);
 * {@link io.trunkline.rtp.engine.FarEndReports} reads the carrier's reports about our stream (loss, jitter, round
 * trip).
 *
 * <p>Measurement: every packet, drop, report and latency goes to the leg's
 * {@link io.trunkline.core.observe.LegObserver}; the gateway's own latencies (inbound processing, outbound
 * processing, pacing wait, pacing interval error) are also kept per call for the record.
 */
package io.trunkline.rtp.engine;
