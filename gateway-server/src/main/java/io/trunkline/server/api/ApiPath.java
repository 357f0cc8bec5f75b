package io.trunkline.server.api;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A path under {@code /v1/calls}, taken apart: the collection, one call, or one of a call's actions. Call ids are
 * the gateway's ({@code [A-Za-z0-9._~@-]}, at most 128 characters; a SIP Call-ID may be used to read a call).
 *
 * @param resource what the path names
 * @param callId   the call's id, or null for the collection
 */
record ApiPath(Resource resource, String callId) {
    static final String ROOT = "/v1/calls";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~@:+-]{1,128}");

    /** What a path names, with the methods it takes (for the {@code Allow} header of a 405). */
    enum Resource {
        CALLS("GET, POST"),
        CALL("GET, DELETE"),
        DTMF("POST"),
        TRANSFER("POST"),
        /** Under the root and matching no route: 404. */
        UNKNOWN("");

        private final String allow;

        Resource(String allow) {
            this.allow = allow;
        }

        String allow() {
            return allow;
        }
    }

    /** Whether the API answers {@code path} at all. */
    static boolean under(String path) {
        return path.equals(ROOT) || path.startsWith(ROOT + "/");
    }

    /** {@code path} (decoded, no query) taken apart; {@link Resource#UNKNOWN} when it names nothing. */
    static ApiPath parse(String path) {
        if (path.equals(ROOT) || path.equals(ROOT + "/")) {
            return new ApiPath(Resource.CALLS, null);
        }
        String[] parts = path.substring(ROOT.length() + 1).split("/", -1);
        if (parts.length > 2 || !ID.matcher(parts[0]).matches()) {
            return new ApiPath(Resource.UNKNOWN, null);
        }
        String id = parts[0];
        if (parts.length == 1) {
            return new ApiPath(Resource.CALL, id);
        }
        return switch (parts[1]) {
            case "dtmf" -> new ApiPath(Resource.DTMF, id);
            case "transfer" -> new ApiPath(Resource.TRANSFER, id);
            case "" -> new ApiPath(Resource.CALL, id);
            default -> new ApiPath(Resource.UNKNOWN, id);
        };
    }

    /** The {@code Location} of call {@code id}. */
    static String location(String id) {
        return ROOT + "/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
