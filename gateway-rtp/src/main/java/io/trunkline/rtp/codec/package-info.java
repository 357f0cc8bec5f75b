/**
 * Audio conversion between the carrier's G.711 and the agent's formats: {@link io.trunkline.rtp.codec.G711}
 * tables, PCM16 packing, 8↔16 kHz resampling with half-band filters, all behind one stream interface,
 * {@link io.trunkline.rtp.codec.AudioConverter}. Conversions never allocate.
 */
package io.trunkline.rtp.codec;
