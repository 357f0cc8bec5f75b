package io.trunkline.sip.validate;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.trunkline.core.log.LogLimiter;
import java.text.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's message parser, made to refuse what it would otherwise accept with a wrong meaning or drop without a
 * word: a repeated single-value header (it would keep one value), a CSeq method other than the request's (its own
 * check answers a bare "Bad Request"), an IPv6 Request-URI host that is unbracketed or malformed (RFC 5118 4.2,
 * 4.10), and a malformed core header or start line, now named in the reason phrase. A start line of another SIP
 * version keeps its version, so that the stack answers {@code 505} itself (its parser reads every version as 2.0).
 *
 * <p>How a refusal reaches the peer depends on the transport, which the stack tells apart by {@code readBody}: a
 * datagram is parsed whole, and a {@link ParseException} naming the problem makes the stack answer
 * {@code 400 Bad Request (<problem>)} itself; a stream's framer parses the head alone and drops a message that fails
 * silently, so there the parser returns a {@link RefusalCarrier} instead, which {@link RefusalValve} answers on the
 * connection. Stateless and shared; the checks ride on the lines the parser splits anyway (a name comparison per
 * header line, a few index scans of the start line).
 */
public final class ValidatingMessageParser extends StringMsgParser {
    private static final Logger log = LoggerFactory.getLogger(ValidatingMessageParser.class);

    private final LogLimiter refusalLog = new LogLimiter(10_000, 10);

    @Override
    public SIPMessage parseSIPMessage(byte[] buffer, boolean readBody, boolean strict,
            ParseExceptionListener stackListener) throws ParseException {
        // The stack's own listener is replaced, not wrapped: ours keeps its rules (core headers fatal, others kept
        // unparsed) on every transport, where the stream framer passes none and would lose core headers silently.
        ParseProblems problems = new ParseProblems();
        ParseException failure;
        try {
            SIPMessage message = super.parseSIPMessage(buffer, readBody, strict, problems);
            if (message instanceof SIPRequest request) {
                checkCseqMethod(request, problems);
            }
            if (problems.reason() == null) {
                return message;
            }
            failure = null;
        } catch (ParseException e) {
            failure = e;
        }
        String problem = problems.reason() != null ? problems.reason() : ParseProblems.describe(failure);
        if (readBody) {
            // A datagram: the stack answers requests with 400 and the exception's message in the reason phrase.
            if (StatelessBadRequest.answerable(buffer)) {
                logRefusal(problem, "UDP");
            }
            throw new ParseException(problem, 0);
        }
        SIPRequest carrier = RefusalCarrier.of(buffer, problem);
        if (carrier == null) {
            throw failure != null ? failure : new ParseException(problem, 0);
        }
        logRefusal(problem, "a stream");
        return carrier;
    }

    @Override
    protected SIPMessage processFirstLine(String firstLine, ParseExceptionListener listener, byte[] buffer)
            throws ParseException {
        SIPMessage message = super.processFirstLine(firstLine, listener, buffer);
        if (message instanceof SIPRequest request && request.getRequestLine() != null) {
            String version = RequestLineCheck.otherVersion(firstLine);
            if (version != null) {
                request.getRequestLine().setSipVersion(version);
            }
            String uriProblem = RequestLineCheck.uriProblem(firstLine);
            if (uriProblem != null && listener instanceof ParseProblems problems) {
                problems.note(uriProblem);
            }
        }
        return message;
    }

    @Override
    protected void processHeader(String header, SIPMessage message, ParseExceptionListener listener, byte[] buffer)
            throws ParseException {
        if (header != null && listener instanceof ParseProblems problems) {
            problems.header(header, message);
        }
        super.processHeader(header, message, listener, buffer);
    }

    /** RFC 3261 8.2.2 (and RFC 4475 3.1.2.17): the CSeq method must be the request's. */
    private static void checkCseqMethod(SIPRequest request, ParseProblems problems) {
        if (request.getCSeq() == null || request.getRequestLine() == null) {
            return;
        }
        String cseqMethod = request.getCSeq().getMethod();
        if (cseqMethod != null && !cseqMethod.equalsIgnoreCase(request.getMethod())) {
            problems.note("CSeq method does not match the request method");
        }
    }

    private void logRefusal(String reason, String transport) {
        long dropped = refusalLog.tryAcquire();
        if (dropped >= 0) {
            log.info("Refusing a request received over {} with 400: {}{}", transport, reason,
                    LogLimiter.dropped(dropped));
        }
    }
}
