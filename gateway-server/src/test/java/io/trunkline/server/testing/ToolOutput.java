package io.trunkline.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what external programs wrote (SIPp, Kamailio, baresip, Prometheus, Chromium, the gateway's own console
 * log): as ISO-8859-1, which maps every byte to one character and so never fails, whatever encoding or locale the
 * program used. SIPp's console output is not UTF-8, and a strict UTF-8 read of it throws.
 */
public final class ToolOutput {
    private ToolOutput() {
    }

    /** The whole file; ASCII text reads as itself, any other byte as one character. */
    public static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /** The whole file, or "" when it does not exist (yet). */
    public static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? read(file) : "";
    }

    /** The file's lines. */
    public static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    }
}
