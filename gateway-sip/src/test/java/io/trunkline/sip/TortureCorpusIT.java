package io.trunkline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.testing.Await;
import io.trunkline.sip.torture.TortureMessage;
import io.trunkline.sip.torture.TortureSip;
import io.trunkline.sip.torture.TortureSip.Outcome;
import io.trunkline.sip.torture.TortureVerdicts;
import io.trunkline.sip.torture.TortureVerdicts.Entry;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TcpTransport;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.UacTransport;
import io.trunkline.sip.uac.UdpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The RFC 4475 and RFC 5118 torture messages (test resources {@code sip/rfc4475}, {@code sip/rfc5118}: the RFCs'
 * octets, and a {@code verdicts.tsv} naming the answer each one is owed over UDP and over TCP) sent to the SIP server
 * itself, with a bridge that lets every call ring until the test cancels it. Afterwards no call is left in the SIP
 * layer, the JVM has no more threads than a bound allows, and ordinary calls over UDP and TCP still work. The same
 * corpus runs against the whole gateway in gateway-server's {@code TortureMessagesIT}.
 */
class TortureCorpusIT {
    static final Duration UDP_GRACE = Duration.ofMillis(150);
    static final Duration PROBE_WAIT = Duration.ofSeconds(5);
    static final Duration TCP_WAIT = Duration.ofMillis(1500);
    static final int THREAD_TOLERANCE = 4;

    /** One message of a corpus with its verdict. */
    private record Case(String corpus, Entry entry, TortureMessage message) {
        String name() {
            return corpus + "/" + entry.name();
        }
    }

    @Test
    void everyTortureMessageGetsTheAnswerItsVerdictNames() throws Exception {
        try (FakeBridge bridge = new FakeBridge()) {
            // A first server and call, so that what the JVM keeps for good after one is counted in "before".
            withServer(bridge, server -> ordinaryCalls(bridge, server));
            int before = threads();

            List<Case> cases = new ArrayList<>();
            for (String corpus : List.of("rfc4475", "rfc5118")) {
                TortureVerdicts verdicts = TortureVerdicts.load(corpus);
                for (Entry e : verdicts.entries()) {
                    cases.add(new Case(corpus, e, verdicts.message(e)));
                }
            }
            List<String> violations = new ArrayList<>();
            Map<String, Integer> outcomes = new TreeMap<>();
            StringBuilder table = new StringBuilder();
            List<List<Case>> rounds = rounds(cases);
            for (String transport : List.of("UDP", "TCP")) {
                for (List<Case> round : rounds) {
                    withServer(bridge, server -> {
                        bridge.mode = FakeBridge.Mode.RING;
                        for (Case c : round) {
                            boolean udp = transport.equals("UDP");
                            String expected = udp ? c.entry().udp() : c.entry().tcp();
                            Outcome o = udp ? TortureSip.udp(server.port(), c.message(), UDP_GRACE, PROBE_WAIT)
                                    : TortureSip.tcp(server.port(), c.message(), TCP_WAIT,
                                            TortureVerdicts.finals(expected));
                            String miss = TortureVerdicts.check(expected, c.message(), o);
                            table.append(String.format("  %s %-40s %s%s%n", transport, c.name(), o.answers(),
                                    o.closed() ? " (closed)" : ""));
                            if (miss != null) {
                                violations.add(transport + " " + c.name() + " expected " + expected + " got "
                                        + o.answers() + (o.closed() ? " (closed)" : "") + ": " + miss);
                            }
                            outcomes.merge(transport + (miss == null ? " as expected" : " unexpected"), 1,
                                    Integer::sum);
                        }
                        endRingingCalls(bridge);
                        Await.until(Duration.ofSeconds(10), "no call left in the SIP layer ("
                                + server.server().activeDialogs() + ")", () -> server.server().activeDialogs() == 0);
                    });
                }
            }
            List<String> ordinary = new ArrayList<>();
            withServer(bridge, server -> ordinary.addAll(ordinaryCalls(bridge, server)));
            int after = threads();
            System.out.printf("TortureCorpusIT: %d messages over UDP and TCP, %d servers each, %s%n%s"
                    + "  ordinary calls after them: %s%n  threads before %d, after %d%n", cases.size(), rounds.size(),
                    outcomes, table, ordinary, before, after);

            assertEquals(List.of(), violations, "answers that differ from the verdicts");
            // A stopped stack's threads may take a moment to end: they are waited for, within a deadline.
            Await.until(Duration.ofSeconds(15), "threads back within " + THREAD_TOLERANCE + " of the " + before
                    + " before the corpus", () -> threads() <= before + THREAD_TOLERANCE);
        }
    }

    /** A running server and its port. */
    private record Running(SipServer server, int port) {
    }

    @FunctionalInterface
    private interface ServerWork {
        void run(Running server) throws Exception;
    }

    private static void withServer(FakeBridge bridge, ServerWork work) throws Exception {
        int port = TestPorts.freePort();
        SipServer server = new SipServer(SipServerIT.config(port, Set.of("udp", "tcp")), SipServerIT.MEDIA_ADDRESS,
                bridge);
        server.start();
        try {
            work.run(new Running(server, port));
        } finally {
            server.stop();
        }
    }

    /** Calls that rang and were never cancelled (a CANCEL the corpus's framing spoils) are refused, as a bridge would. */
    private static void endRingingCalls(FakeBridge bridge) {
        for (FakeBridge.Call call : bridge.calls) {
            if (!call.events.contains("cancel")) {
                call.leg.reject(503, "Service Unavailable", 0);
            }
        }
        bridge.calls.clear();
    }

    /** An answered call over UDP and one over TCP, each hung up by the caller. */
    private static List<String> ordinaryCalls(FakeBridge bridge, Running server) throws Exception {
        bridge.mode = FakeBridge.Mode.ANSWER;
        List<String> done = new ArrayList<>();
        for (UacTransport transport : List.of(new UdpTransport(server.port()), new TcpTransport(server.port()))) {
            try (TestUac uac = new TestUac(transport, server.port())) {
                uac.inviteSdp(SipServerIT.TWILIO_SDP);
                SipMsg ok = uac.awaitResponse(200, "INVITE");
                assertTrue(ok.body().contains("m=audio 40000 RTP/AVP 0 101\r\n"), ok.body());
                uac.ack(true);
                uac.bye();
                uac.awaitResponse(200, "BYE");
                done.add(transport.getClass().getSimpleName() + " answered and hung up");
            }
        }
        Await.until(Duration.ofSeconds(10), "no call left after the ordinary calls",
                () -> server.server().activeDialogs() == 0);
        bridge.calls.clear();
        return done;
    }

    /**
     * The cases split so that no two in a round share a branch or a Call-ID: the RFCs reuse a few branch values, and a
     * stack keeps a finished UDP transaction for 32 s (Timer J), taking a later request with its branch for a
     * retransmission. Each round gets a server of its own.
     */
    private static List<List<Case>> rounds(List<Case> cases) {
        List<List<Case>> rounds = new ArrayList<>();
        List<Set<String>> keys = new ArrayList<>();
        for (Case c : cases) {
            Set<String> mine = c.message().transactionKeys();
            int r = 0;
            while (r < rounds.size() && !Collections.disjoint(keys.get(r), mine)) {
                r++;
            }
            if (r == rounds.size()) {
                rounds.add(new ArrayList<>());
                keys.add(new HashSet<>());
            }
            rounds.get(r).add(c);
            keys.get(r).addAll(mine);
        }
        return rounds;
    }

    private static int threads() {
        return Thread.getAllStackTraces().size();
    }
}
