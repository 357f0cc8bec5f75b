package io.trunkline.ws.twiml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwimlParserTest {
    private final TwimlParser parser = new TwimlParser();

    private TwimlDocument parse(String xml) throws TwimlException {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void connectStreamKeepsItsParametersInOrder() throws Exception {
        TwimlDocument doc = parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect>"
                + "<Stream url=\"wss://agent.example.com/ws?x=1\" name=\"bot\">"
                + "<Parameter name=\"tenant\" value=\"acme\"/><Parameter name=\"lang\" value=\"{fr}\"/>"
                + "</Stream></Connect></Response>");
        Verb.ConnectStream c = (Verb.ConnectStream) doc.verbs().get(0);
        assertEquals("wss://agent.example.com/ws?x=1", c.url());
        assertEquals("bot", c.name());
        assertEquals(List.of("tenant", "lang"), List.copyOf(c.parameters().keySet()));
        assertEquals("{fr}", c.parameters().get("lang"));
    }

    @Test
    void everyVerbTheGatewayCarriesOut() throws Exception {
        TwimlDocument doc = parse("<Response><Pause length=\"2\"/><Pause/><Reject reason=\"busy\"/><Reject/>"
                + "<Redirect method=\"GET\">/next</Redirect><Redirect>https://x.example/n</Redirect>"
                + "<Dial><Number>+15550001111</Number></Dial><Dial><Sip>sip:agent@pbx.example.com</Sip></Dial>"
                + "<Dial>+15550002222</Dial><Hangup/></Response>");
        assertEquals(List.of(new Verb.Pause(2), new Verb.Pause(1), new Verb.Reject("busy"), new Verb.Reject(""),
                new Verb.Redirect("/next", "GET"), new Verb.Redirect("https://x.example/n", "POST"),
                new Verb.Dial("+15550001111"), new Verb.Dial("sip:agent@pbx.example.com"),
                new Verb.Dial("+15550002222"), new Verb.Hangup()), doc.verbs());
        assertEquals(486, new Verb.Reject("busy").sipStatus());
        assertEquals(603, new Verb.Reject("rejected").sipStatus());
        assertEquals(603, new Verb.Reject("").sipStatus());
    }

    @Test
    void unknownVerbsAreSkippedAndNamed() throws Exception {
        TwimlDocument doc = parse("<Response><Say voice=\"alice\">Hello</Say><Gather/><Connect><Room>r</Room>"
                + "</Connect><Hangup/></Response>");
        assertEquals(List.of(new Verb.Hangup()), doc.verbs());
        assertEquals(List.of("Say", "Gather", "Connect"), doc.skipped());
    }

    @Test
    void malformedTwimlIsAnError() {
        for (String bad : List.of("", "not xml", "<Response><Hangup></Response>", "<Hangup/>",
                "<Response><Connect><Stream/></Connect></Response>",
                "<Response><Connect><Stream url=\"https://x/\"/></Connect></Response>",
                "<Response><Redirect/></Response>", "<Response><Pause length=\"-1\"/></Response>",
                "<Response><Redirect method=\"PUT\">/x</Redirect></Response>",
                "<Response><Dial><Sip>tel:+1555</Sip></Dial></Response>")) {
            assertThrows(TwimlException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void externalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Response><Redirect>&x;</Redirect></Response>";
        TwimlException e = assertThrows(TwimlException.class, () -> parse(xxe));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        String dtd = "<?xml version=\"1.0\"?><!DOCTYPE Response SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
                + "<Response/>";
        assertThrows(TwimlException.class, () -> parse(dtd));
    }

    @Test
    void entityExpansionIsRefused() {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        String prev = "lol";
        for (int i = 1; i <= 9; i++) {
            lol.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                lol.append('&').append(prev).append(';');
            }
            lol.append("\">");
            prev = "lol" + i;
        }
        lol.append("]><Response><Redirect>&lol9;</Redirect></Response>");
        long start = System.nanoTime();
        assertThrows(TwimlException.class, () -> parse(lol.toString()));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused without expanding");
    }

    @Test
    void oversizedTwimlIsRefusedBeforeParsing() {
        byte[] big = ("<Response>" + "<Pause/>".repeat(TwimlParser.MAX_BYTES / 8) + "</Response>")
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(TwimlException.class, () -> parser.parse(big));
    }

    @Test
    void parametersAreLiteral() throws Exception {
        TwimlDocument doc = parse("<Response><Connect><Stream url=\"ws://127.0.0.1:1/s\">"
                + "<Parameter name=\"a\" value=\"&lt;b&gt; &amp; c\"/><Parameter value=\"no name\"/>"
                + "</Stream></Connect></Response>");
        assertEquals(Map.of("a", "<b> & c"), ((Verb.ConnectStream) doc.verbs().get(0)).parameters());
    }
}
