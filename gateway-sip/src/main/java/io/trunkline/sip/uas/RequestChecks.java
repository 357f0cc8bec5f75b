package io.trunkline.sip.uas;

import io.trunkline.sip.uas.session.SessionTimer;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;
import javax.sip.InvalidArgumentException;
import javax.sip.header.AcceptHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The checks RFC 3261 section 8.2 asks of a UAS before it acts on a request the stack has parsed, in its order:
 * Request-URI scheme (416), extensions in Require (420), and for an INVITE whether the answer's body type is
 * acceptable (406). Also supplies the Max-Forwards an RFC 2543 client leaves out. Each refusal names the problem in
 * its reason phrase.
 */
final class RequestChecks {
    /** URI schemes a Request-URI may have here. */
    static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");
    /** Option tags the gateway supports, for Require. */
    static final Set<String> SUPPORTED = Set.of(SessionTimer.OPTION_TAG);
    static final String RFC3261_BRANCH_COOKIE = "z9hG4bK";

    /** A refusal: status, reason phrase, and the option tags to list in {@code Unsupported} (420 only). */
    record Refusal(int status, String reason, List<String> unsupported) {
    }

    private RequestChecks() {
    }

    /**
     * Adds {@code Max-Forwards: 70} to a request that has none when it comes from an RFC 2543 client (its top Via
     * has no RFC 3261 branch): such clients did not send the header, and RFC 4475 3.4.1 asks to accept them.
     *
     * @return whether the request has a Max-Forwards now
     */
    static boolean supplyMaxForwards(Request request, HeaderFactory headers) throws InvalidArgumentException {
        if (request.getHeader(MaxForwardsHeader.NAME) != null) {
            return true;
        }
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String branch = via == null ? null : via.getBranch();
        if (via == null || branch != null && branch.startsWith(RFC3261_BRANCH_COOKIE)) {
            return false;
        }
        request.setHeader(headers.createMaxForwardsHeader(70));
        return true;
    }

    /** The refusal {@code request} gets, or null when it may be processed. ACK and CANCEL are never refused. */
    static Refusal check(Request request) {
        String method = request.getMethod();
        if (Request.ACK.equals(method) || Request.CANCEL.equals(method)) {
            return null;
        }
        String scheme = request.getRequestURI() == null ? "" : request.getRequestURI().getScheme();
        if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            return new Refusal(Response.UNSUPPORTED_URI_SCHEME, "Unsupported URI Scheme " + clip(scheme), List.of());
        }
        List<String> unsupported = unsupportedRequirements(request);
        if (!unsupported.isEmpty()) {
            return new Refusal(Response.BAD_EXTENSION, "Bad Extension", unsupported);
        }
        if (Request.INVITE.equals(method) && !acceptsSdp(request)) {
            return new Refusal(Response.NOT_ACCEPTABLE, "Not Acceptable: Accept does not allow application/sdp",
                    List.of());
        }
        return null;
    }

    private static List<String> unsupportedRequirements(Request request) {
        List<String> unsupported = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(RequireHeader.NAME);
        while (it != null && it.hasNext() && unsupported.size() < 16) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (tag != null && !tag.isBlank() && !SUPPORTED.contains(tag.trim().toLowerCase(Locale.ROOT))) {
                unsupported.add(clip(tag.trim()));
            }
        }
        return unsupported;
    }

    /** No Accept header means application/sdp (RFC 3261 20.1); otherwise one of its ranges must cover it. */
    static boolean acceptsSdp(Request request) {
        ListIterator<?> it = request.getHeaders(AcceptHeader.NAME);
        if (it == null || !it.hasNext()) {
            return true;
        }
        while (it.hasNext()) {
            AcceptHeader accept = (AcceptHeader) it.next();
            String type = lower(accept.getContentType());
            String subType = lower(accept.getContentSubType());
            if (type.isEmpty() && subType.isEmpty()) {
                continue; // an empty Accept value: nothing is acceptable from it
            }
            boolean typeOk = type.equals("*") || type.equals("application");
            boolean subOk = subType.equals("*") || subType.equals("sdp");
            if (typeOk && subOk) {
                return true;
            }
        }
        return false;
    }

    private static String lower(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }
}
