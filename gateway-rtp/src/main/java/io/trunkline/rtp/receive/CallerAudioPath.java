package io.trunkline.rtp.receive;

import io.netty.buffer.ByteBuf;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.AudioSink;
import io.trunkline.rtp.codec.AudioConverter;
import io.trunkline.rtp.ports.UdpChannelBinder;

/**
 * Caller audio from RTP payload to 20 ms frames in the agent's format: copies the payload out of the datagram into
 * a preallocated array, converts it (decode, resample) straight into the frame assembler and emits each complete
 * frame to the sink. Allocates nothing per packet.
 */
public final class CallerAudioPath {

    /** The largest payload handled: no datagram is read into more. */
    static final int MAX_PAYLOAD_BYTES = UdpChannelBinder.DATAGRAM_READ_BYTES;

    private final AudioFormat carrierCodec;
    private final AudioSink sink;
    private final byte[] payload = new byte[MAX_PAYLOAD_BYTES];
    private AudioConverter converter;
    private FrameAssembler frames;

    public CallerAudioPath(AudioFormat carrierCodec, AudioFormat agentFormat, AudioSink sink) {
        this.carrierCodec = carrierCodec;
        this.sink = sink;
        reformat(agentFormat);
    }

    /**
     * Emits frames in {@code format} from now on; a partial frame of the old format is dropped. Allocates, so it is
     * for the rare switch of what the call does with the audio (a bridged transfer), not for the packet path.
     */
    public void reformat(AudioFormat format) {
        converter = AudioConverter.create(carrierCodec, format);
        frames = new FrameAssembler(format.frameBytes(), converter.maxOutputBytes(MAX_PAYLOAD_BYTES));
    }

    /**
     * Converts {@code length} payload bytes at the absolute index {@code offset} of {@code buf}.
     *
     * @return frames handed to the sink
     */
    int onPayload(ByteBuf buf, int offset, int length) {
        int n = Math.min(length, MAX_PAYLOAD_BYTES);
        buf.getBytes(offset, payload, 0, n);
        int written = converter.convert(payload, 0, n, frames.array(), frames.fill());
        return frames.commit(written, sink);
    }

    /**
     * A new stream starts (a new SSRC): its audio must not be glued to a partial frame or the filter state of the
     * old one.
     */
    void newStream() {
        converter.reset();
        frames.reset();
    }
}
