package io.trunkline.sip.header;

import io.trunkline.core.record.CallParties;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import javax.sip.address.Address;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ExtensionHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * Reads who called whom and the carrier's headers from an INVITE: Call-ID, From and To URIs, Twilio's call and
 * account SIDs, Diversion, P-Asserted-Identity, and every other {@code X-} header (bounded in count and size,
 * because they end up in records and agent metadata).
 */
public final class CallPartiesExtractor {
    public static final String TWILIO_CALL_SID = "X-Twilio-CallSid";
    public static final String TWILIO_ACCOUNT_SID = "X-Twilio-AccountSid";
    static final int MAX_CUSTOM_HEADERS = 32;
    static final int MAX_VALUE_CHARS = 512;

    private CallPartiesExtractor() {
    }

    /** The parties of {@code request}, its transport read from the top Via. */
    public static CallParties extract(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return extract(request, via == null ? null : via.getTransport());
    }

    /**
     * The parties of {@code request}, which arrived over {@code transport} ({@code UDP}, {@code TCP}, {@code TLS}
     * in any case; null or another value: unknown). Signalling counts as encrypted only over TLS.
     */
    public static CallParties extract(Request request, String transport) {
        String sipTransport = transport(transport);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return new CallParties(
                callId == null ? null : clip(callId.getCallId()),
                uri(from == null ? null : from.getAddress()),
                uri(to == null ? null : to.getAddress()),
                value(request, TWILIO_CALL_SID),
                value(request, TWILIO_ACCOUNT_SID),
                value(request, "Diversion"),
                value(request, "P-Asserted-Identity"),
                customHeaders(request),
                sipTransport,
                "tls".equals(sipTransport));
    }

    /** {@code udp}, {@code tcp} or {@code tls}; null for anything else (the record field stays bounded). */
    static String transport(String transport) {
        if (transport == null) {
            return null;
        }
        String lower = transport.toLowerCase(Locale.ROOT);
        return lower.equals("udp") || lower.equals("tcp") || lower.equals("tls") ? lower : null;
    }

    /** Every {@code X-} header except Twilio's SIDs, by the name as received; repeated headers are joined. */
    static Map<String, String> customHeaders(Request request) {
        Map<String, String> custom = new LinkedHashMap<>();
        ListIterator<?> names = request.getHeaderNames();
        while (names.hasNext() && custom.size() < MAX_CUSTOM_HEADERS) {
            String name = (String) names.next();
            if (name == null || name.length() < 3 || !name.regionMatches(true, 0, "X-", 0, 2)
                    || name.equalsIgnoreCase(TWILIO_CALL_SID) || name.equalsIgnoreCase(TWILIO_ACCOUNT_SID)
                    || containsIgnoreCase(custom, name)) {
                continue;
            }
            String value = value(request, name);
            if (value != null) {
                custom.put(name, value);
            }
        }
        return custom;
    }

    /** All values of header {@code name} joined with ", ", or null when absent. */
    static String value(Request request, String name) {
        ListIterator<?> headers = request.getHeaders(name);
        if (headers == null || !headers.hasNext()) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        while (headers.hasNext() && joined.length() <= MAX_VALUE_CHARS) {
            String v = valueOf((Header) headers.next());
            if (v.isEmpty()) {
                continue;
            }
            if (joined.length() > 0) {
                joined.append(", ");
            }
            joined.append(v);
        }
        return joined.length() == 0 ? null : clip(joined.toString());
    }

    private static String valueOf(Header header) {
        if (header instanceof ExtensionHeader extension) {
            String v = extension.getValue();
            return v == null ? "" : v.trim();
        }
        // Parsed header types only offer "Name: value" through toString().
        String encoded = header.toString();
        int colon = encoded.indexOf(':');
        return colon < 0 ? "" : encoded.substring(colon + 1).trim();
    }

    private static String uri(Address address) {
        return address == null || address.getURI() == null ? null : clip(address.getURI().toString());
    }

    private static boolean containsIgnoreCase(Map<String, String> map, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Iterator<String> it = map.keySet().iterator(); it.hasNext();) {
            if (it.next().toLowerCase(Locale.ROOT).equals(lower)) {
                return true;
            }
        }
        return false;
    }

    private static String clip(String value) {
        if (value == null) {
            return null;
        }
        String v = value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS);
        // Header values travel on into JSON records and agent metadata: no control characters.
        StringBuilder clean = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (clean == null) {
                    clean = new StringBuilder(v.substring(0, i));
                }
                clean.append(' ');
            } else if (clean != null) {
                clean.append(c);
            }
        }
        return clean == null ? v : clean.toString();
    }
}
