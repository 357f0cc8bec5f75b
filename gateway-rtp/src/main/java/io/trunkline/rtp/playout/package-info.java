/**
 * Gateway to caller: agent audio of any size to one RTP packet every 20 ms.
 * {@link io.trunkline.rtp.playout.PlayoutEncoder} (agent format to G.711) → bounded
 * {@link io.trunkline.rtp.playout.PlayoutQueue} (which also holds the marks behind the audio) →
 * {@link io.trunkline.rtp.playout.Pacer} (absolute timeline, silence when empty, hold) →
 * {@link io.trunkline.rtp.playout.RtpSender}. Each pacer is driven by a {@link io.trunkline.rtp.playout.PacerTimer}
 * on its loop's shared {@link io.trunkline.rtp.playout.PacerClock}: timelines start on a common 1 ms grid, so a
 * loop wakes at most once a millisecond for all its calls. {@link io.trunkline.rtp.playout.Playout} groups the
 * stages of one leg; {@link io.trunkline.rtp.playout.OutboundTiming} and {@link io.trunkline.rtp.playout.SentAudio}
 * are the probes that time them and tell the call what the caller hears.
 */
package io.trunkline.rtp.playout;
