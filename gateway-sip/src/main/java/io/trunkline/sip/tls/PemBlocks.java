package io.trunkline.sip.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The {@code -----BEGIN X-----} … {@code -----END X-----} blocks of a PEM text, decoded; text around them is ignored. */
final class PemBlocks {
    /** One decoded block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, …) and DER bytes. */
    record Block(String label, byte[] der) {
    }

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private PemBlocks() {
    }

    /**
     * Every block in {@code text}, in order.
     *
     * @throws IllegalArgumentException when a block is not closed by its END line or its body is not base64 (the
     *                                  message never contains the body)
     */
    static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, at);
            if (begin < 0) {
                return blocks;
            }
            int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                throw new IllegalArgumentException("a PEM BEGIN line is not closed");
            }
            String label = text.substring(begin + BEGIN.length(), labelEnd).trim();
            String endLine = END + label + DASHES;
            int end = text.indexOf(endLine, labelEnd + DASHES.length());
            if (end < 0) {
                throw new IllegalArgumentException("the PEM block " + label + " has no END line");
            }
            String body = text.substring(labelEnd + DASHES.length(), end);
            if (body.contains(":")) {
                // RFC 1421 headers (Proc-Type: 4,ENCRYPTED) mark a key encrypted the traditional OpenSSL way.
                throw new IllegalArgumentException("the PEM block " + label + " is encrypted");
            }
            try {
                blocks.add(new Block(label, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the PEM block " + label + " is not valid base64");
            }
            at = end + endLine.length();
        }
    }
}
