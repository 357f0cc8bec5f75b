package io.trunkline.server.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The instructions of a Dockerfile, continuation lines joined and comments dropped, each with the index of the build
 * stage ({@code FROM}) it belongs to.
 */
record Dockerfile(List<Instruction> instructions) {

    /** One instruction: keyword in upper case, the rest of the line as written, and its stage (0 = first FROM). */
    record Instruction(String keyword, String arguments, int stage) {
        /** The arguments of an exec-form instruction ({@code ["a", "b"]}). */
        List<String> execForm() throws IOException {
            return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() { });
        }
    }

    static Dockerfile read(Path file) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int stage = -1;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String text = pending.toString().strip();
            pending.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            int space = text.indexOf(' ');
            String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : text.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(keyword, arguments, stage));
        }
        return new Dockerfile(List.copyOf(instructions));
    }

    /** Every instruction with {@code keyword}, in order. */
    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The last instruction with {@code keyword}: the one that takes effect for ENTRYPOINT, CMD, USER. */
    Instruction last(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.isEmpty()) {
            throw new AssertionError("no " + keyword + " in the Dockerfile");
        }
        return found.get(found.size() - 1);
    }

    /** The index of the last stage: the image that is shipped. */
    int finalStage() {
        return last("FROM").stage();
    }
}
