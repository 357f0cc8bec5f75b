package io.trunkline.sip.sdp;

import io.trunkline.core.media.SrtpSuite;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SDES {@code a=crypto} attribute of an RTP/SAVP stream, read strictly by the grammar of RFC 4568 section 9.1:
 * <pre>
 * crypto:&lt;tag&gt; &lt;crypto-suite&gt; inline:&lt;base64 key||salt&gt;[|lifetime][|MKI:length][;inline:…] [session-param…]
 * </pre>
 * A line that does not follow the grammar is {@link Malformed}. A line that does may still be one the gateway
 * cannot use ({@link #unusableBecause()}): a suite other than {@code AES_CM_128_HMAC_SHA1_80/32}, a key of the
 * wrong length, a master key identifier (MKI, several master keys), a key lifetime below 2^31 (the gateway does not
 * re-key), or a session parameter that weakens or changes the transform ({@code UNENCRYPTED_SRTP},
 * {@code UNENCRYPTED_SRTCP}, {@code UNAUTHENTICATED_SRTP}, a key derivation rate other than 0, FEC parameters or an
 * unknown one). The window size hint ({@code WSH}) is read and ignored: the replay window stays 64 packets, the
 * minimum the RFC allows.
 *
 * <p>Key material is kept here only as bytes; {@link #toString()} never shows it, and problems never quote it.
 */
public final class CryptoAttribute {
    /** Longest attribute value read; real ones are about 70 characters, one with a few session parameters 200. */
    static final int MAX_CHARS = 512;
    /** The shortest key lifetime taken: shorter ones would need re-keying during a long call. */
    static final long MIN_LIFETIME = 1L << 31;
    /** The longest key lifetime of the AES_CM_128 suites for SRTP (RFC 4568 section 6.2). */
    static final long MAX_LIFETIME = 1L << 48;

    private static final Pattern TAG = Pattern.compile("[0-9]{1,9}");
    private static final Pattern SUITE = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Pattern KEY_METHOD = Pattern.compile("[A-Za-z0-9_]{1,32}");
    private static final Pattern KEY_SALT = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern LIFETIME = Pattern.compile("(2\\^)?([0-9]{1,20})");
    private static final Pattern MKI = Pattern.compile("([0-9]{1,20}):([0-9]{1,3})");
    private static final Pattern KDR = Pattern.compile("KDR=([0-9]{1,2})");
    private static final Pattern WSH = Pattern.compile("WSH=([0-9]{2,9})");
    private static final Pattern VCHARS = Pattern.compile("[\\x21-\\x7e]{1,128}");

    /** The attribute does not follow RFC 4568's grammar; the message names what, never the key. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final int tag;
    private final String suiteName;
    private final SrtpSuite suite;
    private final byte[] keySalt;
    private final String unusableBecause;

    private CryptoAttribute(int tag, String suiteName, SrtpSuite suite, byte[] keySalt, String unusableBecause) {
        this.tag = tag;
        this.suiteName = suiteName;
        this.suite = suite;
        this.keySalt = keySalt;
        this.unusableBecause = unusableBecause;
    }

    /**
     * Reads the value of an {@code a=crypto} attribute (what follows {@code crypto:}).
     *
     * @throws Malformed when it does not follow the grammar; nothing else is thrown
     */
    public static CryptoAttribute parse(String value) throws Malformed {
        if (value == null || value.isEmpty()) {
            throw new Malformed("empty crypto attribute");
        }
        if (value.length() > MAX_CHARS) {
            throw new Malformed("crypto attribute longer than " + MAX_CHARS + " characters");
        }
        List<String> fields = fields(value);
        if (fields.size() < 3) {
            throw new Malformed("crypto attribute needs a tag, a suite and key parameters");
        }
        if (!TAG.matcher(fields.get(0)).matches()) {
            throw new Malformed("crypto tag is not 1 to 9 digits");
        }
        int tag = Integer.parseInt(fields.get(0));
        String suiteName = fields.get(1);
        if (!SUITE.matcher(suiteName).matches()) {
            throw new Malformed("crypto suite is not a token of letters, digits and _");
        }
        SrtpSuite suite = SrtpSuite.bySdpName(suiteName);
        String[] keyParams = fields.get(2).split(";", -1);
        Key first = null;
        for (String keyParam : keyParams) {
            Key key = keyParam(keyParam);
            first = first == null ? key : first;
        }
        String unusable = null;
        for (int i = 3; i < fields.size(); i++) {
            String why = sessionParam(fields.get(i));
            unusable = unusable == null ? why : unusable;
        }
        if (suite == null) {
            unusable = "crypto suite " + suiteName + " is not supported";
        } else if (!first.inline) {
            unusable = "key method other than inline";
        } else if (keyParams.length > 1) {
            unusable = "several master keys (MKI) are not supported";
        } else if (first.mki) {
            unusable = "master key identifier (MKI) is not supported";
        } else if (first.keySalt == null || first.keySalt.length != SrtpSuite.MASTER_KEY_SALT_BYTES) {
            unusable = suiteName + " needs a " + SrtpSuite.MASTER_KEY_SALT_BYTES + "-byte key and salt";
        } else if (first.lifetime > MAX_LIFETIME) {
            unusable = "key lifetime above 2^48";
        } else if (first.lifetime > 0 && first.lifetime < MIN_LIFETIME) {
            unusable = "key lifetime below 2^31 (no re-keying)";
        }
        return new CryptoAttribute(tag, suiteName, suite, first.keySalt, unusable);
    }

    /** One key parameter: method, and for {@code inline} the decoded key and salt, lifetime and whether MKI is used. */
    private record Key(boolean inline, byte[] keySalt, long lifetime, boolean mki) {
    }

    private static Key keyParam(String keyParam) throws Malformed {
        int colon = keyParam.indexOf(':');
        if (colon <= 0) {
            throw new Malformed("key parameter is not method:info");
        }
        String method = keyParam.substring(0, colon);
        String info = keyParam.substring(colon + 1);
        if (!KEY_METHOD.matcher(method).matches() || info.isEmpty()) {
            throw new Malformed("key parameter is not method:info");
        }
        if (!method.equals("inline")) {
            return new Key(false, null, 0, false);
        }
        String[] parts = info.split("\\|", -1);
        if (parts.length > 3) {
            throw new Malformed("inline key has more than a lifetime and an MKI");
        }
        if (!KEY_SALT.matcher(parts[0]).matches()) {
            throw new Malformed("inline key is not base64");
        }
        byte[] keySalt;
        try {
            keySalt = Base64.getDecoder().decode(parts[0]);
        } catch (IllegalArgumentException e) {
            throw new Malformed("inline key is not base64");
        }
        long lifetime = 0;
        boolean mki = false;
        for (int i = 1; i < parts.length; i++) {
            Matcher m = MKI.matcher(parts[i]);
            if (m.matches()) {
                int length = Integer.parseInt(m.group(2));
                if (length < 1 || length > 128 || (i == 1 && parts.length == 3)) {
                    throw new Malformed("malformed MKI");
                }
                mki = true;
                continue;
            }
            Matcher l = LIFETIME.matcher(parts[i]);
            if (i != 1 || !l.matches()) {
                throw new Malformed("malformed key lifetime or MKI");
            }
            lifetime = lifetime(l);
        }
        return new Key(true, keySalt, lifetime, mki);
    }

    /** The lifetime in packets, saturated at Long.MAX_VALUE; at least 1. */
    private static long lifetime(Matcher l) throws Malformed {
        String digits = l.group(2);
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
        }
        if (l.group(1) != null) {
            n = n >= 63 ? Long.MAX_VALUE : 1L << n;
        }
        if (n == 0) {
            throw new Malformed("key lifetime of 0");
        }
        return n;
    }

    /** Null when the session parameter is one the gateway can honour, else why not. */
    private static String sessionParam(String p) throws Malformed {
        Matcher kdr = KDR.matcher(p);
        if (kdr.matches()) {
            int rate = Integer.parseInt(kdr.group(1));
            if (rate > 24) {
                throw new Malformed("KDR above 24");
            }
            return rate == 0 ? null : "key derivation rate (KDR) is not supported";
        }
        if (WSH.matcher(p).matches()) {
            if (Long.parseLong(p.substring(4)) < 64) {
                throw new Malformed("WSH below 64");
            }
            return null; // a hint; the receiver's window stays 64
        }
        return switch (p) {
            case "UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP" -> p + " is not accepted";
            default -> {
                if (!VCHARS.matcher(p).matches()) {
                    throw new Malformed("malformed session parameter");
                }
                yield p.startsWith("FEC_") ? "FEC session parameters are not supported"
                        : "unknown session parameter";
            }
        };
    }

    /** Fields separated by runs of space or tab (RFC 4568's 1*WSP). */
    private static List<String> fields(String value) throws Malformed {
        List<String> out = new ArrayList<>(4);
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && isWsp(value.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isWsp(value.charAt(i))) {
                char c = value.charAt(i);
                if (c <= 0x20 || c >= 0x7f) {
                    throw new Malformed("crypto attribute has a character outside visible ASCII");
                }
                i++;
            }
            if (i > start) {
                if (out.size() >= 16) {
                    throw new Malformed("more than 13 session parameters");
                }
                out.add(value.substring(start, i));
            }
        }
        return out;
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    /** The tag (0 to 999999999), echoed in the answer. */
    public int tag() {
        return tag;
    }

    /** The suite as written in the offer. */
    public String suiteName() {
        return suiteName;
    }

    /** The suite, or null when the gateway does not support it. */
    public SrtpSuite suite() {
        return suite;
    }

    /** Whether the gateway can use this line. */
    public boolean usable() {
        return unusableBecause == null;
    }

    /** Why the gateway cannot use this line (it follows the grammar), or null when it can. */
    public String unusableBecause() {
        return unusableBecause;
    }

    /** A copy of the offered master key followed by the master salt; null for a key method other than inline. */
    public byte[] keySalt() {
        return keySalt == null ? null : keySalt.clone();
    }

    /** The line as the answer writes it: {@code <tag> <suite> inline:<base64 key||salt>}. */
    static String format(int tag, SrtpSuite suite, byte[] keySalt) {
        return tag + " " + suite.sdpName() + " inline:" + Base64.getEncoder().encodeToString(keySalt);
    }

    private static final Pattern INLINE_KEY = Pattern.compile("(inline:)[^\\s|;]+");

    /** {@code text} (SDP, a whole SIP message) with every inline key replaced by {@code ***}, for logs. */
    public static String redact(String text) {
        if (text == null || !text.contains("inline:")) {
            return text;
        }
        return INLINE_KEY.matcher(text).replaceAll("$1***");
    }

    /** The tag and suite; never the key. */
    @Override
    public String toString() {
        return "crypto:" + tag + " " + suiteName + (usable() ? "" : " (" + unusableBecause + ")");
    }
}
