package io.trunkline.ws.vapi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Vapi transfer destination ({@code TransferDestinationNumber} {@code {"type":"number","number":"+1…"}} or
 * {@code TransferDestinationSip} {@code {"type":"sip","sipUri":"sip:…"}}), as {@code transfer-update} and
 * {@code phone-call-control} carry it: the number or the SIP URI, as given.
 */
public final class VapiDestination {

    private VapiDestination() {
    }

    /** The number or SIP URI of {@code destination}, or null when it names neither. */
    public static String of(JsonNode destination) {
        if (destination == null || !destination.isObject()) {
            return null;
        }
        String type = text(destination, "type");
        String number = text(destination, "number");
        String sipUri = text(destination, "sipUri");
        if ("sip".equals(type) || (type == null && sipUri != null)) {
            return sipUri;
        }
        return number;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : null;
    }
}
