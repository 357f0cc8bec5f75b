package io.trunkline.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real peers the end-to-end tests drive, all Debian packages: SIPp ({@code sip-tester}), Prometheus and
 * promtool ({@code prometheus}), Chromium ({@code chromium}) and baresip ({@code baresip-core}). A test needing one
 * is skipped on a developer machine without it, and fails in CI (environment variable {@code CI} set), where
 * {@code .ci/run} installs them.
 */
public final class Tools {
    public static final Path SIPP = Path.of("/usr/bin/sipp");
    public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path BARESIP = Path.of("/usr/bin/baresip");

    private Tools() {
    }

    /** Skips the test (fails it in CI) unless {@code tool} from {@code debianPackage} is installed. */
    public static void require(Path tool, String debianPackage) {
        require(tool, Files.isExecutable(tool), debianPackage);
    }

    /** Skips the test (fails it in CI) unless {@code file} (a plugin, a module) from {@code debianPackage} exists. */
    public static void requireFile(Path file, String debianPackage) {
        require(file, Files.isRegularFile(file), debianPackage);
    }

    private static void require(Path tool, boolean installed, String debianPackage) {
        if (!installed && System.getenv("CI") != null) {
            fail(tool + " is not installed: .ci/run installs Debian's " + debianPackage);
        }
        Assumptions.assumeTrue(installed, tool + " not installed (apt-get install " + debianPackage + ")");
    }
}
