package io.trunkline.ws.twilio;

import java.util.concurrent.ThreadLocalRandom;

/** Twilio-shaped identifiers: a two-letter prefix and 32 lowercase hex digits. */
final class TwilioIds {

    private TwilioIds() {
    }

    /** A new random id such as {@code MZ18ad3ab5a668481ce02b83e7395059f0}; unique, not secret. */
    static String random(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(prefix.length() + 32).append(prefix);
        appendHex(id, random.nextLong());
        appendHex(id, random.nextLong());
        return id.toString();
    }

    private static void appendHex(StringBuilder id, long bits) {
        String hex = Long.toHexString(bits);
        for (int i = hex.length(); i < 16; i++) {
            id.append('0');
        }
        id.append(hex);
    }
}
