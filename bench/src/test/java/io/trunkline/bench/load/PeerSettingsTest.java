package io.trunkline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.DefaultEventLoop;
import io.trunkline.bench.load.agent.AgentMode;
import io.trunkline.bench.load.agent.CallDirectory;
import io.trunkline.bench.load.agent.FakeAgentServer;
import io.trunkline.bench.load.stats.MeasureWindow;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer's command line and environment: words and quotes, the env file, overrides and placeholders. */
class PeerSettingsTest {

    @TempDir
    Path dir;

    @Test
    void splitsTheCommandLineAtBlanksKeepingQuotedWords() {
        assertEquals(List.of("npx", "tsx", "src/index.ts"), PeerProcess.words("  npx tsx\tsrc/index.ts "));
        assertEquals(List.of("node", "--import", "tsx", "a b", "c'd"), PeerProcess.words("node --import tsx 'a b' \"c'd\""));
        assertThrows(IllegalArgumentException.class, () -> PeerProcess.words("node 'unbalanced"));
        assertThrows(IllegalArgumentException.class, () -> PeerProcess.words("  "));
    }

    @Test
    void fillsInTheHarnessAddressesAndLetsPeerEnvOverrideTheFile() throws Exception {
        Path file = dir.resolve("peer.env");
        Files.writeString(file, """
                # comment
                export SIP_REGISTRAR={registrarHost}
                SIP_LISTEN_ADDR="{sipHost}:{sipPort}"
                WS_TARGET_URL={agentUrl}
                LOG_LEVEL=info

                """);
        LoadOptions o = LoadOptions.parse(new String[] {"--mode", "churn", "--peer-cmd", "npx tsx src/index.ts",
                "--peer-env-file", file.toString(), "--peer-env", "LOG_LEVEL=warn,RTP_PORT_MIN={rtpMin}",
                "--peer-registrar", "127.0.0.2:5060", "--sip-port", "5180", "--agent-port", "8189",
                "--gateway-rtp-min", "40000"});
        FakeAgentServer agent = new FakeAgentServer(new DefaultEventLoop(), new InetSocketAddress("127.0.0.1", 8189),
                new CallDirectory(1), new MeasureWindow(), AgentMode.ECHO_BURSTS, 1, 1, 1000, 100, 0);
        Map<String, String> env = PeerSettings.forPeer(o, dir, agent);
        assertEquals("127.0.0.2", env.get("SIP_REGISTRAR"));
        assertEquals("127.0.0.1:5180", env.get("SIP_LISTEN_ADDR"));
        assertEquals("ws://127.0.0.1:8189/twilio", env.get("WS_TARGET_URL"));
        assertEquals("warn", env.get("LOG_LEVEL"));
        assertEquals("40000", env.get("RTP_PORT_MIN"));
    }

    @Test
    void peerOptionsNeedAPeerAndASippMode() {
        assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--mode", "calls", "--peer-cmd", "node x.js"}));
        assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--mode", "churn", "--peer-registrar", "127.0.0.2:5060"}));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(
                new String[] {"--mode", "churn", "--peer-cmd", "node x.js", "--peer-registrar", "127.0.0.2"}));
    }
}
