package io.trunkline.server.scaleout;

import io.trunkline.server.testing.ToolOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The 200 OK answers to INVITE that SIPp received, read from its message trace ({@code -trace_msg}): per Call-ID the
 * Contact, the Record-Route and the media address of the SDP answer.
 */
final class ProxiedAnswers {
    private static final Pattern CALL_ID = Pattern.compile("(?im)^Call-ID:\\s*(\\S+)");
    private static final Pattern CONTACT = Pattern.compile("(?im)^(?:Contact|m):\\s*<sip:([^;>]+)");
    private static final Pattern RECORD_ROUTE = Pattern.compile("(?im)^Record-Route:\\s*(.+)$");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)");
    private static final Pattern MEDIA = Pattern.compile("(?m)^m=audio (\\d+) ");

    /** One answer: Contact host:port, Record-Route header (empty when absent), SDP c= address and m= port. */
    record Answer(String contact, String recordRoute, String mediaAddress, int mediaPort) {
    }

    private ProxiedAnswers() {
    }

    /** Reads every {@code *_messages.log} in {@code dir}. */
    static Map<String, Answer> read(Path dir) throws IOException {
        Map<String, Answer> answers = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("_messages.log")).toList()) {
                for (String message : ToolOutput.read(file).split("(?m)^-{20,}.*$")) {
                    String body = message.strip();
                    int start = body.indexOf("SIP/2.0 200 ");
                    if (start < 0 || !body.contains("CSeq: 1 INVITE")) {
                        continue;
                    }
                    String response = body.substring(start);
                    answers.put(first(CALL_ID, response), new Answer(first(CONTACT, response),
                            firstOrEmpty(RECORD_ROUTE, response), first(CONNECTION, response),
                            Integer.parseInt(first(MEDIA, response))));
                }
            }
        }
        return answers;
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + pattern + " in:\n" + text);
        }
        return m.group(1).strip();
    }

    private static String firstOrEmpty(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1).strip() : "";
    }
}
