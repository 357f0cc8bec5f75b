package io.trunkline.bench.load.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** SIPp's {@code -trace_stat} file: the call totals of its last line. */
public final class SippStatFile {

    private SippStatFile() {
    }

    /**
     * The mean length of the successful calls, in seconds, from the last line's {@code CallLength(C)}
     * ({@code HH:MM:SS:micros}: from the first message of a call to its last, for a UAC from the INVITE sent to the
     * 200 to its BYE received), or NaN when the file has none.
     */
    public static double meanCallSeconds(Path stat) throws IOException {
        if (!Files.exists(stat)) {
            return Double.NaN;
        }
        List<String> lines = Files.readAllLines(stat, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (lines.size() < 2) {
            return Double.NaN;
        }
        String[] head = lines.get(0).split(";");
        String[] last = lines.get(lines.size() - 1).split(";");
        for (int i = 0; i < head.length && i < last.length; i++) {
            if (head[i].equals("CallLength(C)")) {
                String[] t = last[i].trim().split(":");
                if (t.length != 4) {
                    return Double.NaN;
                }
                return Long.parseLong(t[0]) * 3600.0 + Long.parseLong(t[1]) * 60.0 + Long.parseLong(t[2])
                        + Long.parseLong(t[3]) / 1e6;
            }
        }
        return Double.NaN;
    }

    /** Copies the placed, successful and failed totals (and retransmissions) of {@code stat} into {@code out}. */
    public static void readTotals(Path stat, Map<String, Object> out) throws IOException {
        if (!Files.exists(stat)) {
            return;
        }
        List<String> lines = Files.readAllLines(stat, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (lines.size() < 2) {
            return;
        }
        String[] head = lines.get(0).split(";");
        String[] last = lines.get(lines.size() - 1).split(";");
        for (int i = 0; i < head.length && i < last.length; i++) {
            String key = switch (head[i]) {
                case "TotalCallCreated" -> "placed";
                case "SuccessfulCall(C)" -> "successful";
                case "FailedCall(C)" -> "failed";
                case "Retransmissions(C)" -> "retransmissions";
                default -> null;
            };
            if (key != null) {
                out.put(key, Long.parseLong(last[i].trim()));
            }
        }
    }
}
