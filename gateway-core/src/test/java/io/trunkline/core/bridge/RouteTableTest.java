package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AgentRoute;
import io.trunkline.core.record.CallParties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final AgentRouter.RoutedAgent sales = new AgentRouter.RoutedAgent(new Fakes.Agent(), AgentConfig.DEFAULTS);
    private final AgentRouter.RoutedAgent support = new AgentRouter.RoutedAgent(new Fakes.Agent(), AgentConfig.DEFAULTS);
    private final AgentRouter.RoutedAgent fallback = new AgentRouter.RoutedAgent(new Fakes.Agent(), AgentConfig.DEFAULTS);

    private final RouteTable table = new RouteTable(List.of(
            new RouteTable.Entry(new AgentRoute("+15083728299", null, null, AgentConfig.DEFAULTS), sales),
            new RouteTable.Entry(new AgentRoute(null, "X-Agent", "support", AgentConfig.DEFAULTS), support)),
            fallback);

    private static CallParties call(String to, Map<String, String> headers) {
        return new CallParties("id", "sip:a@b", to, null, null, null, null, headers);
    }

    @Test
    void routesByCalledNumberThenHeaderElseDefault() {
        assertSame(sales, table.route(call("<sip:+15083728299@gw.example.com;user=phone>", Map.of())));
        assertSame(support, table.route(call("sip:+15550000000@gw", Map.of("x-agent", "support"))));
        assertSame(fallback, table.route(call("sip:+15550000000@gw", Map.of("X-Agent", "billing"))));
        assertSame(fallback, table.route(call("sip:+15550000000@gw", Map.of())));
    }

    @Test
    void anOutboundCallNamesItsRouteByNumberOrHeaderAndTakesTheDefaultOtherwise() {
        assertSame(sales, table.named("+15083728299"));
        assertSame(support, table.named("X-Agent=support"));
        assertSame(support, table.named("x-agent=support"));
        assertNull(table.named("X-Agent=billing"));
        assertNull(table.named("sales"));
        assertSame(fallback, table.defaultAgent());
        assertSame(sales.connector(), AgentRouter.single(sales.connector(), sales.config()).defaultAgent()
                .connector(), "a single agent takes every outbound call");
    }

    @Test
    void calledNumberIsTheUserPart() {
        assertEquals("+15083728299", RouteTable.calledNumber("sip:+15083728299@gw.example.com:5060"));
        assertEquals("1000", RouteTable.calledNumber("<sips:1000@pbx>"));
        assertEquals("+442071234567", RouteTable.calledNumber("tel:+442071234567;phone-context=x"));
        assertEquals("", RouteTable.calledNumber(null));
    }
}
