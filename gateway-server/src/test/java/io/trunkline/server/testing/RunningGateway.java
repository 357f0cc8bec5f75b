package io.trunkline.server.testing;

import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.Gateway;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.UdpTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real gateway on loopback under test, with every call record collected through the record tap. */
public final class RunningGateway implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Gateway gateway;
    private final List<CallRecord> records;

    private RunningGateway(Gateway gateway, List<CallRecord> records) {
        this.gateway = gateway;
        this.records = records;
    }

    /** Starts a gateway with {@code config}, reading configured secrets from {@code environment}. */
    public static RunningGateway start(GatewayConfig config, Map<String, String> environment) throws Exception {
        List<CallRecord> records = new CopyOnWriteArrayList<>();
        return new RunningGateway(Gateway.start(config, records::add, environment), records);
    }

    public Gateway gateway() {
        return gateway;
    }

    public int sipPort() {
        return gateway.config().sip().port();
    }

    /** The records written so far, in order. */
    public List<CallRecord> records() {
        return List.copyOf(records);
    }

    /** A SIP client for this gateway, over UDP. */
    public TestUac uac() throws IOException {
        return new TestUac(new UdpTransport(sipPort()), sipPort());
    }

    /** Waits for the record of the call with SIP Call-ID {@code sipCallId}. */
    public CallRecord awaitRecord(String sipCallId) {
        return Await.value(WAIT, "the call record of " + sipCallId, () -> {
            for (CallRecord r : records) {
                if (r.parties() != null && sipCallId.equals(r.parties().sipCallId())) {
                    return r;
                }
            }
            return null;
        });
    }

    /** Waits until no call is active. */
    public void awaitIdle() {
        Await.until(WAIT, "no active calls", () -> gateway.bridge().activeCalls() == 0);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
