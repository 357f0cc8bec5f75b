/**
 * Caller to gateway: the inbound RTP path of one leg, one stage per concern.
 * {@link io.trunkline.rtp.receive.DatagramHandler} (the channel's only handler, which releases each datagram) →
 * {@link io.trunkline.rtp.receive.RtpReceiver}: {@link io.trunkline.rtp.receive.SourceFilter} (SDP address or
 * the latched source) → RTP parse → payload type → receive statistics → in-order audio to
 * {@link io.trunkline.rtp.receive.CallerAudioPath} (decode, resample, re-frame to 20 ms in
 * {@link io.trunkline.rtp.receive.FrameAssembler}), telephone events to the DTMF receiver. Valid packets keep
 * the {@link io.trunkline.rtp.receive.InactivityMonitor} quiet; every drop goes once through
 * {@link io.trunkline.rtp.receive.InboundDrops}.
 */
package io.trunkline.rtp.receive;
