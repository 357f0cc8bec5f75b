package io.trunkline.sip.guard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The highest nonce count accepted for each nonce (RFC 2617 section 3.2.2: a client with {@code qop} counts its
 * requests under one nonce), so a captured response cannot be sent again. Only nonces that came with a right
 * password are recorded, and at most {@code maxNonces} of them, the least recently used forgotten first; a nonce
 * forgotten that way is also near the end of its short lifetime.
 */
final class NonceCounts {
    private final Map<String, Long> highest;

    NonceCounts(int maxNonces) {
        this.highest = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxNonces;
            }
        };
    }

    /** Accepts {@code count} for {@code nonce} when it is above every count accepted for it before. */
    synchronized boolean advance(String nonce, long count) {
        Long before = highest.get(nonce);
        if (before != null && count <= before) {
            return false;
        }
        highest.put(nonce, count);
        return true;
    }
}
