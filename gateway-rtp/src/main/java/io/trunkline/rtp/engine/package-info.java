/**
 * The Netty UDP media engine: {@link io.trunkline.rtp.engine.RtpEngine} binds a port pair
 * ({@link io.trunkline.rtp.ports}) on the call's event loop and has
 * {@link io.trunkline.rtp.engine.MediaLegAssembler} build one {@link io.trunkline.rtp.engine.UdpMediaLeg} from the
 * stages of the other packages, with the probes that measure them attached. Everything of a leg (channels, pacer,
 * timers) lives on the call's loop.
 *
 * <pre>
 *  rtp.receive   caller ─RTP─▶ DatagramHandler ─▶ RtpReceiver ─▶ CallerAudioPath ─▶ listener.onCallerAudio
 *                                                      └─▶ DtmfReceiver ─▶ listener.onDtmf
 *  rtp.playout   leg.play ─▶ PlayoutEncoder ─▶ PlayoutQueue ─▶ Pacer ─▶ RtpSender ─RTP─▶ caller
 *                leg.mark ───────────────────────┘  (listener.onMarkPlayed once the audio before it is sent)
 *  rtp.rtcp      caller ─RTCP─▶ DatagramHandler ─▶ RtcpReceiver ─▶ FarEndReports
 *                RtcpReporter ─RTCP─▶ caller
 *  rtp.srtp      with SDES keys, SrtpHandler is first in both channels: SRTP/SRTCP in ─▶ checked and decrypted
 *                before DatagramHandler; whatever RtpSender and RtcpReporter write is protected on its way out
 * </pre>
 *
 * <p>The leg itself only starts, stops and re-targets its stages: a re-offer's hold or resume goes through
 * {@link io.trunkline.rtp.engine.DirectionControl}, its figures come from the stages through
 * {@link io.trunkline.rtp.engine.LegStats}. Every drop is reported once, where it happens, to the leg's listener
 * ({@link io.trunkline.core.observe.DropObserver}); every measurement goes through a
 * {@link io.trunkline.rtp.probe.MediaProbe}.
 */
package io.trunkline.rtp.engine;
