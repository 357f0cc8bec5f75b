package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.CallControlException.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialPolicyTest {

    private static DialPolicy policy(String from, String... prefixes) {
        return new DialPolicy(new OutboundConfig("sip:trunk.example", "U", "P", from, 1, 10, List.of(prefixes),
                Duration.ofSeconds(60), "udp"));
    }

    @FunctionalInterface
    interface Check {
        void run() throws CallControlException;
    }

    private static Kind kindOf(Check check) {
        return assertThrows(CallControlException.class, check::run).kind();
    }

    @Test
    void numbersMustBeE164WithEightToFifteenDigits() throws Exception {
        DialPolicy p = policy("", "+");
        assertEquals("+15550001111", p.callee("+1 (555) 000-1111"));
        assertEquals("+4930123456", p.callee("+49.30.123456"));
        assertEquals(Kind.INVALID, kindOf(() -> p.callee("15550001111")));
        assertEquals(Kind.INVALID, kindOf(() -> p.callee("+1555000")), "7 digits");
        assertEquals(Kind.INVALID, kindOf(() -> p.callee("+1234567890123456")), "16 digits");
        assertEquals(Kind.INVALID, kindOf(() -> p.callee("+05550001111")), "no country code 0");
        assertEquals(Kind.INVALID, kindOf(() -> p.callee("+1555000111x")));
        assertEquals(Kind.INVALID, kindOf(() -> p.callee("")));
        assertEquals(Kind.INVALID, kindOf(() -> p.callee(null)));
    }

    @Test
    void onlyAllowedPrefixesMayBeCalledAndNoneWhenTheListIsEmpty() throws Exception {
        DialPolicy us = policy("", "+1", "+4420");
        assertEquals("+15550001111", us.callee("+15550001111"));
        assertEquals("+442071234567", us.callee("+442071234567"));
        assertEquals(Kind.FORBIDDEN, kindOf(() -> us.callee("+443001234567")));
        assertEquals(Kind.FORBIDDEN, kindOf(() -> us.callee("+8821234567")), "satellite, premium rates");
        assertEquals(Kind.FORBIDDEN, kindOf(() -> policy("").callee("+15550001111")));
        assertEquals(Kind.INVALID, kindOf(() -> policy("").callee("nonsense")), "bad before forbidden");
    }

    @Test
    void theCallerIdIsTheRequestsOrTheConfiguredDefault() throws Exception {
        assertEquals("+15550009999", policy("+15550009999", "+1").caller(null));
        assertEquals("+15550008888", policy("+15550009999", "+1").caller("+1 555 000 8888"));
        assertEquals(Kind.INVALID, kindOf(() -> policy("", "+1").caller(null)));
        assertEquals(Kind.INVALID, kindOf(() -> policy("+15550009999", "+1").caller("anonymous")));
    }
}
