/**
 * RFC 4733 telephone events: {@link io.trunkline.rtp.dtmf.DtmfReceiver} turns event packets (with their repeated
 * end packets) into key presses, each reported once; {@link io.trunkline.rtp.dtmf.DtmfSender} builds them toward
 * the caller, with sequence numbers shared with the playout's audio. The sender is used by the call-control API
 * (coming: {@code POST /v1/calls/{id}/dtmf}), which will hand it to the pacer; no call path uses it yet.
 */
package io.trunkline.rtp.dtmf;
