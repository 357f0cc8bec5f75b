package io.trunkline.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIPp plays the carrier against a real gateway with the embedded demo agent. */
class SippEndToEndIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void sipp() {
        Sipp.requireInstalled();
    }

    @Test
    void twilioStyleCallCarriesAudioBothWaysAndDigits() throws Exception {
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 440, -12, 3000);
        try (RunningGateway gw = TestGateways.startDemo(dir, 32000)) {
            Sipp.Result sipp = Sipp.twilioCall(dir, gw.sipPort());
            assertEquals(0, sipp.exitCode(), "SIPp failed:\n" + sipp.output() + sipp.errors());

            CallRecord r = Await.value(Duration.ofSeconds(5), "the call record", () ->
                    gw.records().isEmpty() ? null : gw.records().get(0));
            assertEquals(EndReason.CALLER_HANGUP, r.endReason());
            assertEquals(200, r.finalStatus());
            assertEquals("PCMU_8K", r.codec());
            assertTrue(r.inbound().packets() >= 100, "caller RTP received: " + r.inbound());
            assertTrue(r.outbound().packets() >= 150, "RTP sent to the caller: " + r.outbound());
            assertEquals("42#", r.dtmfDigits());
            assertTrue(r.parties().twilioCallSid().startsWith("CA"), r.parties().toString());
            assertEquals("AC0123456789abcdef0123456789abcdef", r.parties().twilioAccountSid());
            assertEquals("acme", r.parties().customHeaders().get("X-Tenant"));
            assertTrue(r.parties().diversion().contains("reason=unconditional"), r.parties().diversion());
            assertTrue(r.sip().acked() > 0 && r.sip().byeReceived() > r.sip().acked(), r.sip().toString());
        }
    }

    @Test
    void fiftyConcurrentCallsAtTenPerSecondAllComplete() throws Exception {
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 440, -12, 1000);
        try (RunningGateway gw = TestGateways.startDemo(dir, 33000)) {
            Sipp.Result sipp = Sipp.run(dir, gw.sipPort(), Sipp.LOAD_CALL, 60,
                    "-s", "15550001111", "-r", "10", "-m", "50", "-l", "50", "-d", "3000");
            assertEquals(0, sipp.exitCode(), "SIPp failed:\n" + sipp.output() + sipp.errors());

            Await.until(Duration.ofSeconds(10), "50 call records", () -> gw.records().size() >= 50);
            assertEquals(50, gw.records().size());
            for (CallRecord r : gw.records()) {
                assertEquals(EndReason.CALLER_HANGUP, r.endReason(), r.callId());
                // 3 s held: RTP starts after the ACK, so allow for set-up and SIPp's own start-up.
                assertTrue(r.inbound().packets() >= 75, r.callId() + " inbound " + r.inbound());
                assertTrue(r.outbound().packets() >= 100, r.callId() + " outbound " + r.outbound());
            }
            assertEquals(0, gw.gateway().bridge().activeCalls());
        }
    }
}
