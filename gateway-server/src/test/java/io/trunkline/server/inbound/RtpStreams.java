package io.trunkline.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.CallerRtp.Received;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** What the caller received from the gateway, looked at as a PCMU stream. */
public final class RtpStreams {
    private RtpStreams() {
    }

    /** Packets carrying anything but μ-law zero (0xFF, 0x7F). */
    public static List<Received> nonSilent(List<Received> packets) {
        return packets.stream().filter(Received::audible).toList();
    }

    /** At least {@code packets} - 2 audio packets came back and five or more packets followed the last of them. */
    public static boolean echoComplete(List<Received> received, int packets) {
        List<Received> audio = nonSilent(received);
        if (audio.size() < packets - 2) {
            return false;
        }
        long lastAudio = audio.get(audio.size() - 1).arrivalNanos();
        return received.stream().filter(p -> p.arrivalNanos() > lastAudio).count() >= 5;
    }

    /** The payloads, in order. */
    public static byte[] concat(List<Received> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        packets.forEach(p -> out.writeBytes(p.payload()));
        return out.toByteArray();
    }

    /** Every packet's sequence number follows the one before (modulo 2^16): nothing lost, skipped or reordered. */
    public static void assertConsecutive(List<Received> packets) {
        for (int i = 1; i < packets.size(); i++) {
            assertEquals((packets.get(i - 1).sequence() + 1) & 0xffff, packets.get(i).sequence(),
                    "sequence number of packet " + i);
        }
    }

    /** When the latest packet arrived; now when none did yet. */
    public static long lastArrival(CallerRtp rtp) {
        List<Received> received = rtp.received();
        return received.isEmpty() ? System.nanoTime() : received.get(received.size() - 1).arrivalNanos();
    }
}
