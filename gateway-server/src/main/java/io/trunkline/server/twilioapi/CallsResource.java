package io.trunkline.server.twilioapi;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.trunkline.core.control.CallControl;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.metrics.http.HttpEndpoint;
import io.trunkline.ws.twiml.TwimlCall;
import io.trunkline.ws.twiml.TwimlCalls;
import io.trunkline.ws.twiml.TwimlDocument;
import io.trunkline.ws.twiml.TwimlException;
import io.trunkline.ws.twiml.TwimlParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subset of Twilio's Calls resource that agents built for Twilio call to end or redirect their call:
 * {@code GET /2010-04-01/Accounts/{AccountSid}/Calls.json} (calls in progress and recent ones, newest first),
 * {@code GET …/Calls/{CallSid}.json}, and {@code POST …/Calls/{CallSid}.json} with {@code Status=completed} (hang
 * up), {@code Twiml=…} (carry out this TwiML instead: a {@code <Dial>} transfers, a {@code <Hangup/>} hangs up) or
 * {@code Url=…} (fetch the TwiML to carry out, {@code Method} GET or POST). HTTP Basic authentication with the
 * account SID and auth token, as Twilio's; answers and errors in Twilio's JSON shapes. Runs on the HTTP loop and
 * never blocks: each action is handed to the call's loop.
 */
public final class CallsResource implements HttpEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(CallsResource.class);
    static final String PREFIX = "/2010-04-01/Accounts/";
    private static final Pattern LIST = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls\\.json");
    private static final Pattern ONE = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json");

    private final String accountSid;
    private final byte[] expectedAuthorization;
    private final TwimlCalls calls;
    private final Supplier<CallControl> control;
    private final TwimlParser parser = new TwimlParser();
    private final LogLimiter logGate = new LogLimiter(10_000, 10);

    /**
     * @param accountSid the account whose calls these are (its SID is the Basic user name)
     * @param authToken  the account's auth token (the Basic password)
     */
    public CallsResource(String accountSid, String authToken, TwimlCalls calls, Supplier<CallControl> control) {
        this.accountSid = Objects.requireNonNull(accountSid, "accountSid");
        this.expectedAuthorization = ("Basic " + Base64.getEncoder().encodeToString(
                (accountSid + ":" + Objects.requireNonNull(authToken, "authToken")).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
        this.calls = calls;
        this.control = control;
    }

    @Override
    public boolean serves(String path) {
        return path.startsWith(PREFIX);
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request, String path) {
        String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null || !MessageDigest.isEqual(expectedAuthorization, auth.trim().getBytes(StandardCharsets.UTF_8))) {
            return TwilioErrors.unauthorized();
        }
        Matcher list = LIST.matcher(path);
        Matcher one = ONE.matcher(path);
        if (list.matches() && accountSid.equals(list.group(1))) {
            return request.method().equals(HttpMethod.GET) ? list(request)
                    : TwilioErrors.error(405, 20004, "Method not allowed");
        }
        if (one.matches() && accountSid.equals(one.group(1))) {
            TwimlCall call = calls.find(one.group(2));
            if (call == null) {
                return notFound(path);
            }
            if (request.method().equals(HttpMethod.GET)) {
                return TwilioErrors.json(200, CallJson.of(call, accountSid));
            }
            if (request.method().equals(HttpMethod.POST)) {
                return update(call, form(request));
            }
            return TwilioErrors.error(405, 20004, "Method not allowed");
        }
        return notFound(path);
    }

    private FullHttpResponse list(FullHttpRequest request) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String status = first(query.parameters(), "Status");
        List<Map<String, Object>> page = calls.list().stream()
                .filter(c -> status == null || status.equals(c.status()))
                .map(c -> CallJson.of(c, accountSid)).toList();
        String uri = PREFIX + accountSid + "/Calls.json";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("calls", page);
        body.put("end", Math.max(0, page.size() - 1));
        body.put("first_page_uri", uri + "?PageSize=" + Math.max(50, page.size()) + "&Page=0");
        body.put("next_page_uri", null);
        body.put("page", 0);
        body.put("page_size", Math.max(50, page.size()));
        body.put("previous_page_uri", null);
        body.put("start", 0);
        body.put("uri", uri);
        return TwilioErrors.json(200, body);
    }

    /** {@code Status=completed|canceled}, {@code Twiml=…} or {@code Url=…}, the first one given. */
    private FullHttpResponse update(TwimlCall call, Map<String, List<String>> form) {
        String status = first(form, "Status");
        String twiml = first(form, "Twiml");
        String url = first(form, "Url");
        if (status == null && twiml == null && url == null) {
            return TwilioErrors.error(400, 20001, "One of Status, Twiml or Url is required");
        }
        if (!call.live()) {
            return status != null ? TwilioErrors.json(200, CallJson.of(call, accountSid))
                    : TwilioErrors.error(400, 21220, "Call is not in-progress. Cannot redirect.");
        }
        if (status != null) {
            String s = status.toLowerCase(Locale.ROOT);
            if (!s.equals("completed") && !s.equals("canceled")) {
                return TwilioErrors.error(400, 20001, "Status must be completed or canceled");
            }
            hangup(call);
        } else if (twiml != null) {
            TwimlDocument document;
            try {
                document = parser.parse(twiml.getBytes(StandardCharsets.UTF_8));
            } catch (TwimlException e) {
                return TwilioErrors.error(400, 12100, "Document parse failure: " + e.getMessage());
            }
            LOG.info("call {}: new TwiML through the Calls resource", call.callId());
            call.control().execute(document);
        } else {
            String method = first(form, "Method");
            method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
            if (!method.equals("GET") && !method.equals("POST")
                    || !(url.startsWith("http://") || url.startsWith("https://"))) {
                return TwilioErrors.error(400, 21205, "Url is not a valid URL, or Method is not GET or POST");
            }
            LOG.info("call {}: redirected through the Calls resource", call.callId());
            call.control().redirect(url, method);
        }
        return TwilioErrors.json(200, CallJson.of(call, accountSid));
    }

    /** Through the gateway's call control; where that cannot hang up, the call's TwiML leg does ({@code <Hangup/>}). */
    private void hangup(TwimlCall call) {
        try {
            control.get().hangup(call.callId());
            LOG.info("call {}: hung up through the Calls resource", call.callId());
        } catch (CallControlException e) {
            if (e.kind() == CallControlException.Kind.NOT_FOUND) {
                return; // ended meanwhile
            }
            long dropped = logGate.tryAcquire();
            if (dropped >= 0) {
                LOG.info("call {}: call control cannot hang up ({}); the TwiML leg hangs up{}", call.callId(),
                        e.getMessage(), LogLimiter.dropped(dropped));
            }
            call.control().hangup();
        }
    }

    private static Map<String, List<String>> form(FullHttpRequest request) {
        String body = request.content().toString(StandardCharsets.UTF_8);
        return new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters();
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static FullHttpResponse notFound(String path) {
        return TwilioErrors.error(404, 20404, "The requested resource " + path + " was not found");
    }
}
