package io.trunkline.sip.torture;

import io.trunkline.sip.torture.TortureSip.Answer;
import io.trunkline.sip.torture.TortureSip.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The verdict file of a torture corpus ({@code verdicts.tsv} beside the messages): for each message, its section of
 * the RFC, the RFC's verdict (valid or invalid) and the answer the gateway owes it over UDP and over TCP. An expectation is one or more alternatives
 * separated by {@code |}:
 * <ul>
 * <li>{@code call}: an INVITE that rings (the call is set up), then {@code 487} once the test cancels it;</li>
 * <li>{@code ring}: an INVITE that rings, whatever follows;</li>
 * <li>{@code NNN} or {@code NNN~words}: exactly one final answer with that status, its reason phrase containing
 * {@code words} (case-insensitive);</li>
 * <li>{@code drop}: no answer at all (over TCP the connection may be closed);</li>
 * <li>{@code NNN~words,MMM~words}: over TCP, where one stream carries several requests, their final answers in
 * any order.</li>
 * </ul>
 */
public record TortureVerdicts(String corpus, List<Entry> entries) {

    /** One line of the file. */
    public record Entry(String name, String section, String rfc, String udp, String tcp, String why) {
    }

    public static TortureVerdicts load(String corpus) {
        String resource = "/sip/" + corpus + "/verdicts.tsv";
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = TortureVerdicts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 6) {
                    throw new IllegalArgumentException(resource + ": not 6 tab-separated fields: " + line);
                }
                entries.add(new Entry(f[0].trim(), f[1].trim(), f[2].trim(), f[3].trim(), f[4].trim(),
                        f[5].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TortureVerdicts(corpus, List.copyOf(entries));
    }

    public TortureMessage message(Entry e) {
        return TortureMessage.load("/sip/" + corpus + "/" + e.name() + ".dat");
    }

    /** Null when {@code outcome} meets {@code expected}, else what was wrong. */
    public static String check(String expected, TortureMessage m, Outcome outcome) {
        String method = m.isRequest() ? m.method() : "?";
        // The answers to the message itself: not those to the CANCEL the test added (a stack may rewrite the CSeq
        // method of its answer, upper-casing it or taking the start line's).
        List<Answer> finals = outcome.answers().stream()
                .filter(a -> a.status() >= 200 && !(a.method().equals("CANCEL") && !method.equals("CANCEL")))
                .toList();
        List<String> misses = new ArrayList<>();
        for (String alternative : expected.split("\\|")) {
            String miss = checkOne(alternative.trim(), method, finals, outcome);
            if (miss == null) {
                return null;
            }
            misses.add(miss);
        }
        return String.join("; ", misses);
    }

    private static String checkOne(String expected, String method, List<Answer> finals, Outcome outcome) {
        if (expected.equals("drop")) {
            return outcome.answers().isEmpty() ? null : "not dropped";
        }
        if (expected.equals("ring")) {
            return outcome.rang("INVITE") ? null : "never rang";
        }
        if (expected.equals("call")) {
            if (!outcome.rang("INVITE")) {
                return "never rang";
            }
            return finals.size() == 1 && finals.get(0).status() == 487 ? null : "no single 487 after CANCEL";
        }
        String[] sequence = expected.split(",");
        if (finals.size() != sequence.length) {
            return sequence.length == 1 ? "not a single " + sequence[0] : "not " + sequence.length + " finals";
        }
        // Several requests on one stream are answered in any order (the stack orders by Call-ID only).
        List<Answer> left = new ArrayList<>(finals);
        for (String one : sequence) {
            int tilde = one.indexOf('~');
            int status = Integer.parseInt((tilde < 0 ? one : one.substring(0, tilde)).trim());
            String words = tilde < 0 ? null : one.substring(tilde + 1).trim().toLowerCase(Locale.ROOT);
            Answer match = left.stream().filter(a -> a.status() == status && (words == null
                    || a.reason().toLowerCase(Locale.ROOT).contains(words))).findFirst().orElse(null);
            if (match == null) {
                return sequence.length == 1 && finals.get(0).status() == status
                        ? "reason phrase without '" + words + "'" : "no final " + one.trim();
            }
            left.remove(match);
        }
        return null;
    }

    /** How many final answers {@code expected} waits for at most (a stream may carry several requests). */
    public static int finals(String expected) {
        int most = 1;
        for (String alternative : expected.split("\\|")) {
            most = Math.max(most, alternative.split(",").length);
        }
        return most;
    }
}
