package io.trunkline.metrics.records;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A text file written line by line that rotates by size: once it holds {@code maxBytes} or more, it is renamed
 * {@code NAME.1} (older ones shift to {@code NAME.2} … {@code NAME.<maxBackups>}, the oldest is deleted) and a new
 * one is started. Used by one thread.
 */
final class RotatingFile implements Closeable {

    private final Path file;
    private final long maxBytes;
    private final int maxBackups;
    private BufferedWriter out;
    private long size;

    /**
     * @param maxBytes   rotate once the file reaches this size; 0 = never
     * @param maxBackups rotated files to keep
     */
    RotatingFile(Path file, long maxBytes, int maxBackups) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxBackups = maxBackups;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        open();
    }

    /** Appends {@code line} and a line break, rotating first when the file is full. */
    void writeLine(String line) throws IOException {
        if (maxBytes > 0 && size >= maxBytes) {
            rotate();
        }
        out.write(line);
        out.newLine();
        size += line.getBytes(StandardCharsets.UTF_8).length + System.lineSeparator().length();
    }

    void flush() throws IOException {
        out.flush();
    }

    private void open() throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        if (maxBackups == 0) {
            Files.delete(file);
        } else {
            Files.deleteIfExists(backup(maxBackups));
            for (int i = maxBackups - 1; i >= 1; i--) {
                if (Files.exists(backup(i))) {
                    Files.move(backup(i), backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    Path backup(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
