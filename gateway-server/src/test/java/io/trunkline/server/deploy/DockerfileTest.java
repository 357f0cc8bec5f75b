package io.trunkline.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.server.deploy.Dockerfile.Instruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile checked without Docker: it builds the jar the tests run, copies only what exists, exposes the
 * configured default ports, checks /health with a tool the image contains, runs as an unprivileged user and starts
 * the gateway with the README's command.
 */
class DockerfileTest {
    private static Dockerfile dockerfile;
    private static JsonNode config;

    @BeforeAll
    static void read() throws Exception {
        dockerfile = Dockerfile.read(DeployFiles.DOCKERFILE);
        config = DeployFiles.defaultConfig();
    }

    @Test
    void buildsTheShadedJarTheTestsRunWithTheLaunchersMavenCommand() throws Exception {
        String launcher = Files.readString(DeployFiles.LAUNCHER);
        String mvn = DeployFiles.linesStartingWith(launcher, "mvn ").get(0);
        List<Instruction> builds = dockerfile.all("RUN").stream()
                .filter(i -> i.stage() < dockerfile.finalStage() && i.arguments().contains("mvn ")).toList();
        assertEquals(1, builds.size(), "one Maven build in the build stage: " + builds);
        assertTrue(builds.get(0).arguments().endsWith(mvn), "the image builds like bin/trunkline (" + mvn + "): "
                + builds.get(0).arguments());

        String jar = DeployFiles.launcherVariable("JAR");
        assertEquals("gateway-server/target/trunkline.jar", jar, "the jar the integration tests run");
        Instruction copyJar = dockerfile.all("COPY").stream()
                .filter(i -> i.arguments().startsWith("--from=")).findFirst().orElseThrow();
        String[] parts = copyJar.arguments().split("\\s+");
        assertTrue(parts[1].endsWith("/" + jar), "the runtime image takes " + jar + ": " + copyJar);
        assertEquals(dockerfile.finalStage(), copyJar.stage());
    }

    @Test
    void everyCopySourceExistsAndEveryReactorModuleIsCopied() throws Exception {
        List<String> ignored = Files.readAllLines(DeployFiles.DOCKERIGNORE).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        Set<String> copied = new TreeSet<>();
        for (Instruction copy : dockerfile.all("COPY")) {
            if (copy.arguments().startsWith("--from=")) {
                continue;
            }
            List<String> parts = Arrays.asList(copy.arguments().split("\\s+"));
            for (String source : parts.subList(0, parts.size() - 1)) {
                assertTrue(Files.exists(DeployFiles.ROOT.resolve(source)), "COPY source exists: " + source);
                assertFalse(ignored.contains(source) || ignored.contains(source.split("/")[0]),
                        source + " is excluded by .dockerignore");
                copied.add(source);
            }
        }
        // Maven reads every module of the reactor, even with -pl: each module's pom must be in the build context.
        String rootPom = Files.readString(DeployFiles.ROOT.resolve("pom.xml"));
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom);
        List<String> missing = new ArrayList<>();
        while (module.find()) {
            String name = module.group(1);
            if (!copied.contains(name) && !copied.contains(name + "/pom.xml")) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), "modules not copied into the build stage: " + missing);
        assertTrue(copied.contains("pom.xml"), "the parent pom is copied");
    }

    @Test
    void exposesTheConfiguredDefaultPorts() {
        Set<String> expected = new TreeSet<>();
        int sipPort = config.path("sip").path("port").asInt();
        for (JsonNode transport : config.path("sip").path("transports")) {
            expected.add(sipPort + "/" + transport.asText());
        }
        expected.add(config.path("rtp").path("port-min").asInt() + "-" + config.path("rtp").path("port-max").asInt()
                + "/udp");
        expected.add(config.path("metrics").path("port").asInt() + "/tcp");
        assertEquals(Set.of("5060/udp", "5060/tcp", "20000-29999/udp", "9464/tcp"), expected,
                "config/gateway.yaml defaults as the README documents them");

        Set<String> exposed = new TreeSet<>();
        for (Instruction expose : dockerfile.all("EXPOSE")) {
            assertEquals(dockerfile.finalStage(), expose.stage());
            exposed.addAll(Arrays.asList(expose.arguments().split("\\s+")));
        }
        assertEquals(expected, exposed);
    }

    @Test
    void healthCheckAsksHealthOnTheMetricsPortWithAToolTheImageInstalls() {
        Instruction check = dockerfile.last("HEALTHCHECK");
        String command = check.arguments().substring(check.arguments().indexOf("CMD ") + 4);
        int port = config.path("metrics").path("port").asInt();
        assertTrue(command.contains("http://127.0.0.1:${TRUNKLINE_METRICS_PORT:-" + port + "}/health"), command);
        String tool = command.split("\\s+")[0];
        boolean installed = dockerfile.all("RUN").stream()
                .filter(i -> i.stage() == dockerfile.finalStage())
                .anyMatch(i -> Pattern.compile("apt-get install[^&]*\\s" + Pattern.quote(tool) + "(\\s|$)")
                        .matcher(i.arguments()).find());
        assertTrue(installed, "the runtime stage installs " + tool + ", which the health check runs");
    }

    @Test
    void runsAsAnUnprivilegedUserThatTheImageCreates() {
        Instruction user = dockerfile.last("USER");
        assertEquals(dockerfile.finalStage(), user.stage());
        String name = user.arguments().split(":")[0];
        assertNotEquals("root", name);
        assertNotEquals("0", name);
        boolean created = dockerfile.all("RUN").stream().filter(i -> i.stage() == dockerfile.finalStage())
                .anyMatch(i -> Pattern.compile("useradd .*\\s" + Pattern.quote(name) + "(\\s|$)")
                        .matcher(i.arguments()).find());
        assertTrue(created, "the runtime stage creates the user " + name);
        int userIndex = dockerfile.instructions().indexOf(user);
        int entryIndex = dockerfile.instructions().indexOf(dockerfile.last("ENTRYPOINT"));
        assertTrue(userIndex < entryIndex, "USER comes before the start command");
    }

    @Test
    void startsTheGatewayWithTheReadmesCommandAndTheShippedConfiguration() throws Exception {
        List<String> command = new ArrayList<>(dockerfile.last("ENTRYPOINT").execForm());
        command.addAll(dockerfile.last("CMD").execForm());
        List<String> readmeCommands = DeployFiles.linesStartingWith(DeployFiles.readmeDeployment(), "java -jar ");
        assertEquals(1, readmeCommands.size(), "one non-Docker start command in the README: " + readmeCommands);
        assertEquals(readmeCommands.get(0), String.join(" ", command),
                "the image starts the gateway exactly as the README's command without Docker");

        assertEquals(List.of("java", "-jar"), command.subList(0, 2), "the launcher's form too: java -jar JAR");
        assertTrue(Files.readString(DeployFiles.LAUNCHER).contains("java ${JAVA_OPTS:-} -jar \"$JAR\""));

        String jarInImage = command.get(2);
        assertTrue(dockerfile.all("COPY").stream().anyMatch(i -> i.arguments().endsWith(" " + jarInImage)),
                "the jar is copied to " + jarInImage);
        int config = command.indexOf("--config");
        assertTrue(config > 0, "the configuration file is named: " + command);
        String configInImage = command.get(config + 1);
        assertTrue(dockerfile.all("COPY").stream()
                        .anyMatch(i -> i.arguments().equals("config/gateway.yaml " + configInImage)),
                "the image carries the default configuration at " + configInImage);
        assertTrue(Path.of(configInImage).isAbsolute(), "a fixed path that a volume can replace");
    }

    @Test
    void runsAJre17WithContainerSizedHeapAndTheBenchmarkedCollector() {
        List<Instruction> froms = dockerfile.all("FROM");
        assertTrue(froms.get(froms.size() - 1).arguments().matches("eclipse-temurin:17-jre\\S*"), froms.toString());
        String options = dockerfile.all("ENV").stream().map(Instruction::arguments)
                .filter(a -> a.startsWith("JDK_JAVA_OPTIONS=")).findFirst().orElseThrow();
        assertTrue(options.contains("-XX:MaxRAMPercentage="), options);
        assertTrue(options.contains("-XX:+UseZGC"), "the collector of bench/RESULTS.md: " + options);
        assertFalse(options.contains("-Xmx"), "a fixed heap ignores the container's memory limit: " + options);
    }
}
