package io.trunkline.ws.twilio;

import java.util.Locale;

/**
 * Why a message from the agent was ignored. Twilio ignores the same messages (warnings 31950 and 31951, once per
 * stream) and keeps the call; so does the gateway. A bounded set: usable as a metric tag.
 */
public enum IgnoredMessage {
    /** A binary frame: the format is JSON text only. */
    BINARY,
    /** Not JSON, or JSON that is not one object. */
    INVALID_JSON,
    /** A JSON object without {@code event}. */
    NO_EVENT,
    /** An event other than {@code media}, {@code mark} and {@code clear}. */
    UNKNOWN_EVENT,
    /** A {@code streamSid} that is missing or names another stream. */
    WRONG_STREAM,
    /** A known event with a missing or ill-typed field (e.g. {@code media.payload} that is not base64). */
    INVALID_FIELD;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** The metric tag: {@code unknown_event}, {@code binary}, … */
    public String tag() {
        return tag;
    }
}
