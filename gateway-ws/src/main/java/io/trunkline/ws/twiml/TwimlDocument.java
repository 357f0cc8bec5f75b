package io.trunkline.ws.twiml;

import java.util.List;

/**
 * A parsed TwiML {@code <Response>}: the verbs the gateway carries out, in order, and the names of those it skipped
 * (verbs it does not support, as Twilio's parser skips what it does not know).
 */
public record TwimlDocument(List<Verb> verbs, List<String> skipped) {
    public TwimlDocument {
        verbs = List.copyOf(verbs);
        skipped = List.copyOf(skipped);
    }
}
