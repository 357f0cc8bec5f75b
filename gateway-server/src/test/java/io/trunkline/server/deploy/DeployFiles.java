package io.trunkline.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The deployment files of the repository and the facts the tests compare between them. */
final class DeployFiles {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DOCKER = ROOT.resolve("docker");
    static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");
    static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    static final Path DOCKERIGNORE = ROOT.resolve(".dockerignore");
    static final Path README = ROOT.resolve("README.md");
    static final Path LAUNCHER = ROOT.resolve("bin/trunkline");
    static final Path DEFAULT_CONFIG = ROOT.resolve("config/gateway.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeployFiles() {
    }

    static JsonNode yaml(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    /** The shipped default configuration. */
    static JsonNode defaultConfig() throws IOException {
        return yaml(DEFAULT_CONFIG);
    }

    /** The README's Deployment section: from its heading to the next top-level heading. */
    static String readmeDeployment() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n## Deployment");
        if (start < 0) {
            throw new AssertionError("README has no '## Deployment' section");
        }
        int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    /** The lines of {@code text} that start (after indentation) with {@code prefix}. */
    static List<String> linesStartingWith(String text, String prefix) {
        return text.lines().map(String::strip).filter(l -> l.startsWith(prefix)).toList();
    }

    /** The value of a {@code NAME=value} assignment in the launcher script. */
    static String launcherVariable(String name) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(Files.readString(LAUNCHER));
        if (!m.find()) {
            throw new AssertionError("bin/trunkline sets no " + name);
        }
        return m.group(1);
    }
}
