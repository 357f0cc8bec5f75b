/**
 * RFC 4733 telephone events: {@link io.trunkline.rtp.dtmf.DtmfReceiver} turns event packets (with their repeated
 * end packets) into key presses, each reported once; {@link io.trunkline.rtp.dtmf.DtmfSender} builds them.
 */
package io.trunkline.rtp.dtmf;
