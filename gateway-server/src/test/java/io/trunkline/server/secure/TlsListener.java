package io.trunkline.server.secure;

import io.trunkline.core.config.SipConfig;
import io.trunkline.core.config.SipTlsConfig;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.sip.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** SIP for a test gateway that takes calls over UDP and over TLS, with a self-signed certificate made here. */
final class TlsListener {
    private TlsListener() {
    }

    /** UDP and TLS on free loopback ports; the certificate and key files go to {@code dir}. */
    static SipConfig sip(Path dir) throws IOException {
        TestCertificates.Pem cert = TestCertificates.selfSigned(dir, "gateway", "RSA");
        return LoopbackConfig.sip(FreePorts.udp(), "udp").withTls(Set.of("udp", "tls"), new SipTlsConfig(
                FreePorts.tcp(), cert.certificate().toString(), cert.privateKey().toString(), Duration.ofSeconds(60)));
    }

    /** The URI a caller dials to reach the gateway configured with {@code sip} over TLS. */
    static String uri(SipConfig sip) {
        return "sip:+15550001111@127.0.0.1:" + sip.tls().port() + ";transport=tls";
    }
}
