package io.trunkline.bench.load.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends rows to a Markdown results file, never rewriting what is there: a row goes straight under the file's last
 * table when that table has the same header, otherwise a new table (header and separator) is started at the end.
 */
public final class ResultsFile {

    private ResultsFile() {
    }

    public static void append(Path file, String header, String row) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) {
            last--;
        }
        int first = last;
        while (first > 0 && lines.get(first - 1).startsWith("|")) {
            first--;
        }
        boolean sameTable = last >= 0 && lines.get(last).startsWith("|") && lines.get(first).equals(header)
                && last == lines.size() - 1;
        StringBuilder text = new StringBuilder();
        String existing = Files.exists(file) ? Files.readString(file) : "";
        if (!existing.isEmpty() && !existing.endsWith("\n")) {
            text.append('\n');
        }
        if (!sameTable) {
            if (!existing.isEmpty()) {
                text.append('\n');
            }
            text.append(header).append('\n').append(separator(header)).append('\n');
        }
        text.append(row).append('\n');
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static String separator(String header) {
        int columns = header.split("\\|", -1).length - 2;
        return "|" + " --- |".repeat(Math.max(1, columns));
    }

    /** A cell: pipes escaped, newlines flattened. */
    public static String cell(Object value) {
        return String.valueOf(value).replace("|", "\\|").replace("\n", " ");
    }
}
