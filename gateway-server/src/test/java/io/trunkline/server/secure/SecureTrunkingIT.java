package io.trunkline.server.secure;

import static io.trunkline.server.secure.SecureCalls.assertEncrypted;
import static io.trunkline.server.secure.SecureCalls.assertFaithful;
import static io.trunkline.server.secure.SecureCalls.awaitRecords;
import static io.trunkline.server.secure.SecureCalls.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.scaleout.Kamailio;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.Baresip;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Speech;
import io.trunkline.sip.tls.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure Trunking with Kamailio in front, running the shipped docker/kamailio/kamailio.cfg with its TLS listener:
 * baresip calls Kamailio over SIP over TLS with SRTP, Kamailio relays the signalling to the gateway over UDP, and
 * the SRTP media flows straight between caller and gateway. The speech must reach the agent and come back to the
 * caller faithfully, which only happens if the SDES keys passed through the proxy untouched.
 */
class SecureTrunkingIT {
    private static final String SPEECH = "Secure trunking through the proxy keeps the media encrypted.";
    private static final int CALL_SECONDS = 10;

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    @Test
    void baresipOverTlsWithSrtpThroughKamailioReachesTheAgentFaithfully(@TempDir Path dir) throws Exception {
        Baresip.require();
        Kamailio.requireTls();
        Speech.Sentence speech = Speech.make(dir, SPEECH, 0, 0);
        TestCertificates.Pem proxyCert = TestCertificates.selfSigned(dir.resolve("kamailio"), "kamailio", "RSA");
        try (CapturingEchoAgent agent = new CapturingEchoAgent(agentLoops.group());
                RunningGateway gw = RunningGateway.start(config(LoopbackConfig.sip(FreePorts.udp(), "udp"),
                        SrtpMode.MANDATORY, agent.uri()), Map.of())) {
            int tlsPort = FreePorts.tcp();
            try (Kamailio kamailio = Kamailio.startTls(dir, FreePorts.udpAndTcp(), tlsPort,
                    proxyCert.certificate(), proxyCert.privateKey(), List.of("sip:127.0.0.1:" + gw.sipPort()))) {
                Await.until(Duration.ofSeconds(15), "Kamailio's TLS listener",
                        () -> kamailio.isAlive() && accepts(tlsPort));

                Baresip.Call call = new Baresip(dir.resolve("baresip"), speech.wav()).tls().srtp()
                        .call("sip:+15550001111@127.0.0.1:" + tlsPort + ";transport=tls", CALL_SECONDS);
                CallRecord record = awaitRecords(gw, 1).get(0);
                assertEncrypted(record, call);
                // baresip dialled only Kamailio's TLS port, so the call got here through it; the gateway's own leg
                // is Kamailio's UDP one (the caller's TLS ends at the proxy), and its media is still SRTP.
                assertEquals("udp", record.parties().sipTransport(), record.toString());
                assertFalse(record.parties().signallingEncrypted(), record.toString());
                assertFaithful(dir, speech, "SecureTrunkingIT through Kamailio", agent.received().get(0), call);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
