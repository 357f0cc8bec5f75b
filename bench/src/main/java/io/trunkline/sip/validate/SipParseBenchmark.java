package io.trunkline.sip.validate;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of parsing one INVITE as a trunk sends it (Twilio's headers and SDP, 1 kB) with the stack's own parser and
 * with the gateway's {@link ValidatingMessageParser}, the way the UDP listener does (whole datagram, body included):
 * the difference is what the gateway's checks (repeated headers, CSeq method, version, Request-URI host) add per
 * message. {@code checksOnly} runs exactly the added work on the already split lines, which the parse timings'
 * noise on a shared machine can hide; it sits in the validator's package to reach it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SipParseBenchmark {
    private static final String SDP = "v=0\r\n"
            + "o=root 1234 1234 IN IP4 168.86.128.10\r\n"
            + "s=Twilio Media Gateway\r\n"
            + "c=IN IP4 168.86.128.10\r\n"
            + "t=0 0\r\n"
            + "m=audio 40150 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-16\r\n"
            + "a=ptime:20\r\n"
            + "a=maxptime:20\r\n"
            + "a=rtcp:40151\r\n"
            + "a=sendrecv\r\n";
    private static final byte[] INVITE = ("INVITE sip:+15083728299@gw.example.com:5060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 54.172.60.1:5060;branch=z9hG4bK0a1b2c3d4e5f;rport\r\n"
            + "Max-Forwards: 69\r\n"
            + "From: <sip:+15083084809@54.172.60.1:5060>;tag=48183929_6772d868_4d4d9c4f\r\n"
            + "To: <sip:+15083728299@gw.example.com>\r\n"
            + "Call-ID: 1c2a7c3f9d1e4b0f8a0e@54.172.60.1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:+15083084809@54.172.60.1:5060;transport=udp>\r\n"
            + "User-Agent: Twilio Gateway\r\n"
            + "Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS\r\n"
            + "Diversion: <sip:+15083728299@twilio.com>;reason=unconditional\r\n"
            + "P-Asserted-Identity: <sip:+15083084809@206.147.76.45:5060>\r\n"
            + "X-Twilio-AccountSid: AC0123456789abcdef0123456789abcdef\r\n"
            + "X-Twilio-CallSid: CA0123456789abcdef0123456789abcdef\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP).getBytes(StandardCharsets.US_ASCII);

    private final StringMsgParser stack = new StringMsgParser();
    private final ValidatingMessageParser validating = new ValidatingMessageParser();
    private String startLine;
    private String[] headerLines;
    private SIPRequest request;

    @Setup
    public void setUp() throws Exception {
        String head = new String(INVITE, StandardCharsets.US_ASCII);
        String[] lines = head.substring(0, head.indexOf("\r\n\r\n")).split("\r\n");
        startLine = lines[0];
        headerLines = Arrays.copyOfRange(lines, 1, lines.length);
        request = (SIPRequest) stack.parseSIPMessage(INVITE, true, false, null);
    }

    @Benchmark
    public SIPMessage stackParser() throws Exception {
        return stack.parseSIPMessage(INVITE, true, false, null);
    }

    @Benchmark
    public SIPMessage validatingParser() throws Exception {
        return validating.parseSIPMessage(INVITE, true, false, null);
    }

    /** The checks alone: one name match per header line, the start-line scans, the CSeq method comparison. */
    @Benchmark
    public Object checksOnly() {
        ParseProblems problems = new ParseProblems();
        for (String line : headerLines) {
            problems.header(line, request);
        }
        String version = RequestLineCheck.otherVersion(startLine);
        String uri = RequestLineCheck.uriProblem(startLine);
        boolean mismatch = !request.getCSeq().getMethod().equalsIgnoreCase(request.getMethod());
        return problems.reason() != null || version != null || uri != null || mismatch ? problems : null;
    }
}
