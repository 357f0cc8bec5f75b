package io.trunkline.sip.sdp;

import java.util.ArrayList;
import java.util.List;

/** Bounded tokenising helpers for SDP values; none of them throws. */
final class SdpTokens {
    private SdpTokens() {
    }

    /** Space-separated tokens (runs of spaces count as one), or null when there are more than {@code max}. */
    static List<String> split(String value, int max) {
        List<String> tokens = new ArrayList<>(Math.min(max, 8));
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && value.charAt(i) == ' ') {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            while (i < n && value.charAt(i) != ' ') {
                i++;
            }
            if (tokens.size() == max) {
                return null;
            }
            tokens.add(value.substring(start, i));
        }
        return tokens;
    }

    /**
     * Whether every token is printable ASCII (RFC 4566 tokens and format names are): such tokens can be copied into
     * an answer as they are.
     */
    static boolean printableAscii(List<String> tokens) {
        for (String token : tokens) {
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c <= 0x20 || c >= 0x7f) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A decimal number of at most {@code maxDigits} digits, or -1 when {@code text} is anything else. */
    static int parseUnsigned(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
