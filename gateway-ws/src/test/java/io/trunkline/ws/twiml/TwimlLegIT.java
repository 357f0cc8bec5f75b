package io.trunkline.ws.twiml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.control.CallControl;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.OutboundRequest;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.testing.Await;
import io.trunkline.core.testing.TestCallLoop;
import io.trunkline.ws.Transport;
import io.trunkline.ws.transport.ClientTransport;
import io.trunkline.ws.twilio.FakeTwilioAgent;
import io.trunkline.ws.twilio.IgnoredMessageObserver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One TwiML leg against a loopback application and a fake call control: {@code <Dial>} through the transfer port
 * (before answer, after answer, refused), TwiML going on after a stream ends, new TwiML from the Calls resource,
 * the set-up deadline, the redirect bound and the address guard.
 */
class TwimlLegIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final EventLoopGroup group = Transport.NIO.newGroup(1);
    private final TestCallLoop loop = new TestCallLoop(group.next());
    private final FakeControl control = new FakeControl();
    private final Events events = new Events();
    private final TwimlCalls calls = new TwimlCalls(10);
    private volatile AgentLeg leg;

    @AfterEach
    void stop() {
        if (leg != null) {
            loop.execute(leg::close);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void dialBeforeAnswerGoesStraightToTheTransferPortWhenItCan() throws Exception {
        try (TwimlServer app = new TwimlServer()) {
            app.twiml("/voice", "<Response><Dial><Number>+15550001111</Number></Dial></Response>");
            start(app, Duration.ofSeconds(5));
            Await.until(WAIT, "a transfer", () -> control.transfers.size() == 1);
            assertEquals("+15550001111", control.transfers.get(0).destination());
            assertEquals(List.of(), events.log, "neither answered nor ended by the leg");
        }
    }

    @Test
    void dialAnswersFirstWhenTheTransferNeedsAnAnsweredCall() throws Exception {
        control.refusals.add(CallControlException.Kind.CONFLICT);
        try (TwimlServer app = new TwimlServer()) {
            app.twiml("/voice", "<Response><Dial><Sip>sip:desk@pbx.example.com</Sip></Dial></Response>");
            start(app, Duration.ofSeconds(5));
            Await.until(WAIT, "a transfer", () -> control.transfers.size() == 1);
            assertEquals("sip:desk@pbx.example.com", control.transfers.get(0).destination());
            assertEquals(List.of("ready"), events.log);
            assertEquals(2, control.attempts);
        }
    }

    @Test
    void aFailedDialGoesOnWithTheTwimlAfterIt() throws Exception {
        try (TwimlServer app = new TwimlServer()) {
            app.twiml("/voice", "<Response><Dial>+15550001111</Dial><Dial>+15550002222</Dial></Response>");
            start(app, Duration.ofSeconds(5));
            Await.until(WAIT, "the first transfer", () -> control.transfers.size() == 1);
            loop.execute(() -> leg.transferFailed("+15550001111", "486 Busy Here"));
            Await.until(WAIT, "the second transfer", () -> control.transfers.size() == 2);
            assertEquals("+15550002222", control.transfers.get(1).destination());
            loop.execute(() -> leg.transferFailed("+15550002222", "no answer"));
            Await.until(WAIT, "the end of the TwiML", () -> events.log.contains("hangup"));
        }
    }

    @Test
    void dialIsRefusedCleanlyWhenTransfersAreUnavailable() throws Exception {
        control.refusals.add(CallControlException.Kind.UNAVAILABLE);
        try (TwimlServer app = new TwimlServer()) {
            app.twiml("/voice", "<Response><Dial>+15550001111</Dial></Response>");
            start(app, Duration.ofSeconds(5));
            Await.until(WAIT, "the refusal", () -> !events.log.isEmpty());
            assertEquals(List.of("refused:480"), events.log);
        }
    }

    @Test
    void theTwimlGoesOnWhenTheStreamEndsAndTheCallsResourceReplacesIt() throws Exception {
        try (TwimlServer app = new TwimlServer();
                FakeTwilioAgent agent = new FakeTwilioAgent(group, Transport.NIO)) {
            app.twiml("/voice", "<Response><Connect><Stream url=\"" + agent.uri() + "\"/></Connect>"
                    + "<Dial>+15550002222</Dial></Response>");
            start(app, Duration.ofSeconds(5));
            FakeTwilioAgent.Stream first = agent.awaitStream(WAIT);
            Await.until(WAIT, "answered", () -> events.log.contains("ready"));
            first.channel.writeAndFlush(new CloseWebSocketFrame(1000, "done"));
            Await.until(WAIT, "the <Dial> after the stream", () -> control.transfers.size() == 1);
            assertEquals("+15550002222", control.transfers.get(0).destination());

            // The Calls resource: the call's TwiML replaced by a new stream, then by a <Dial>.
            TwimlCall call = calls.list().get(0);
            assertEquals("in-progress", call.status());
            call.control().execute(new TwimlParser().parse(("<Response><Connect><Stream url=\"" + agent.uri()
                    + "\"><Parameter name=\"phase\" value=\"two\"/></Stream></Connect></Response>")
                    .getBytes(StandardCharsets.UTF_8)));
            Await.until(WAIT, "a second stream", () -> agent.streams.size() == 2
                    && agent.streams.get(1).start() != null);
            assertEquals("two", agent.streams.get(1).start().path("customParameters").path("phase").asText());
            call.control().execute(new TwimlParser().parse("<Response><Dial>+15550003333</Dial></Response>"
                    .getBytes(StandardCharsets.UTF_8)));
            Await.until(WAIT, "the second transfer", () -> control.transfers.size() == 2);
            Await.until(WAIT, "stop to the replaced stream", () -> agent.streams.get(1).messages().stream()
                    .anyMatch(m -> m.path("event").asText().equals("stop")));
            assertEquals(List.of("ready"), events.log, "answered once, never ended by the leg");
        }
    }

    @Test
    void aLostStreamEndsTheConnectAndTheTwimlGoesOn() throws Exception {
        try (TwimlServer app = new TwimlServer();
                FakeTwilioAgent agent = new FakeTwilioAgent(group, Transport.NIO)) {
            app.twiml("/voice", "<Response><Connect><Stream url=\"" + agent.uri() + "\"/></Connect>"
                    + "<Dial>+15550004444</Dial></Response>");
            start(app, Duration.ofSeconds(5));
            FakeTwilioAgent.Stream s = agent.awaitStream(WAIT);
            Await.until(WAIT, "answered", () -> events.log.contains("ready"));
            s.channel.close(); // no close frame: the connection is lost
            Await.until(WAIT, "the <Dial> after the stream", () -> control.transfers.size() == 1);
            assertEquals(List.of("ready"), events.log, "the call was neither failed nor asked the voice URL again");
            assertEquals(1, app.requestsTo("/voice").size());
        }
    }

    @Test
    void thousandsOfZeroPausesDoNotNest() throws Exception {
        try (TwimlServer app = new TwimlServer()) {
            app.twiml("/voice", "<Response>" + "<Pause length=\"0\"/>".repeat(3000) + "<Reject/></Response>");
            start(app, Duration.ofSeconds(10));
            Await.until(WAIT, "the refusal", () -> !events.log.isEmpty());
            assertEquals(List.of("refused:603"), events.log);
        }
    }

    @Test
    void theCallsResourceDeclinesARingingCall() throws Exception {
        try (TwimlServer app = new TwimlServer()) {
            app.twiml("/voice", "<Response><Pause length=\"30\"/><Hangup/></Response>");
            start(app, Duration.ofSeconds(60));
            Await.until(WAIT, "the call registered", () -> !calls.list().isEmpty());
            calls.list().get(0).control().hangup();
            Await.until(WAIT, "the refusal", () -> !events.log.isEmpty());
            assertEquals(List.of("refused:603"), events.log, "declined, not answered first");
        }
    }

    @Test
    void twimlThatDoesNotLeadToAnAnswerInTimeGetsTheFailureResponse() throws Exception {
        try (TwimlServer app = new TwimlServer()) {
            app.twiml("/voice", "<Response><Pause length=\"30\"/><Hangup/></Response>");
            long start = System.nanoTime();
            start(app, Duration.ofMillis(800));
            Await.until(WAIT, "the refusal", () -> !events.log.isEmpty());
            assertEquals(List.of("refused:480"), events.log);
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        }
    }

    @Test
    void redirectsAreBoundedAndKeptOffUntrustedInternalHosts() throws Exception {
        try (TwimlServer app = new TwimlServer()) {
            app.twiml("/voice", "<Response><Redirect>/voice</Redirect></Response>");
            start(app, Duration.ofSeconds(10));
            Await.until(WAIT, "the refusal", () -> !events.log.isEmpty());
            assertEquals(List.of("refused:480"), events.log);
            assertEquals(1 + TwimlSettings.MAX_REDIRECTS, app.requestsTo("/voice").size());
        }
        Events second = new Events();
        try (TwimlServer app = new TwimlServer()) {
            // The voice URL's host (localhost) is trusted; 127.0.0.1, named by the TwiML, is not.
            app.twiml("/voice", "<Response><Redirect>" + app.url("/next") + "</Redirect></Response>");
            app.twiml("/next", "<Response><Hangup/></Response>");
            start(app.url("/voice").replace("127.0.0.1", "localhost"), Duration.ofSeconds(10), second);
            Await.until(WAIT, "the refusal", () -> !second.log.isEmpty());
            assertEquals(List.of("refused:480"), second.log, "an internal address of an untrusted host");
            assertEquals(0, app.requestsTo("/next").size());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void start(TwimlServer app, Duration setupTimeout) throws Exception {
        start(app, setupTimeout, events);
    }

    private void start(TwimlServer app, Duration setupTimeout, Events sink) throws Exception {
        start(app.url("/voice"), setupTimeout, sink);
    }

    private void start(String voiceUrl, Duration setupTimeout, Events sink) throws Exception {
        TwimlConfig config = new TwimlConfig(voiceUrl, "POST", "", Duration.ofSeconds(2), "", "", 480, "",
                "POST", List.of(), setupTimeout);
        WebhookClient client = new WebhookClient(ClientTransport.of(Transport.NIO.clientChannels()));
        TwimlSettings settings = new TwimlSettings(config, "token", client, null, calls, () -> control);
        AgentConfig agent = new AgentConfig("twiml", null, Duration.ofSeconds(5), 1 << 20, 16000,
                DisconnectPolicy.HANGUP, Duration.ofSeconds(3), Duration.ofSeconds(2), null, null, List.of(config),
                null);
        TwimlConnector connector = new TwimlConnector(settings, agent,
                ClientTransport.of(Transport.NIO.clientChannels()), null, IgnoredMessageObserver.NONE);
        AgentSession session = new AgentSession("call-" + System.nanoTime(), new CallParties("sip-1",
                "<sip:+15083084809@10.0.0.1>", "<sip:+15083728299@gw>", null, null, null, null,
                Map.of("X-Tenant", "acme")));
        loop.execute(() -> leg = connector.connect(session, loop, sink));
        Await.until(WAIT, "the leg", () -> leg != null);
    }

    /** The call control port as the bridge offers it, refusing as told. */
    private static final class FakeControl implements CallControl {
        final List<TransferRequest> transfers = new CopyOnWriteArrayList<>();
        final Deque<CallControlException.Kind> refusals = new ArrayDeque<>();
        volatile int attempts;

        @Override
        public String place(OutboundRequest request) throws CallControlException {
            throw new CallControlException(CallControlException.Kind.UNAVAILABLE, "not here");
        }

        @Override
        public void hangup(String callId) throws CallControlException {
            throw new CallControlException(CallControlException.Kind.UNAVAILABLE, "not here");
        }

        @Override
        public void sendDtmf(String callId, String digits) throws CallControlException {
            throw new CallControlException(CallControlException.Kind.UNAVAILABLE, "not here");
        }

        @Override
        public synchronized void transfer(String callId, TransferRequest request, TransferMode mode)
                throws CallControlException {
            attempts++;
            CallControlException.Kind refusal = refusals.poll();
            if (refusal != null) {
                throw new CallControlException(refusal, "refused for the test");
            }
            transfers.add(request);
        }
    }

    /** The call's side of the leg: what it was told, in order (audio and drops aside). */
    private static final class Events implements AgentEvents {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void identified(String agentCallId) {
        }

        @Override
        public void ready(ConnectPhases phases) {
            log.add("ready");
        }

        @Override
        public void audio(ByteBuffer audio) {
        }

        @Override
        public void clear() {
        }

        @Override
        public void mark(String name) {
        }

        @Override
        public void hangup(String reason) {
            log.add("hangup");
        }

        @Override
        public void refused(int sipStatus, String reason) {
            log.add("refused:" + sipStatus);
        }

        @Override
        public void transferRequested(TransferRequest request) {
            log.add("transfer:" + request.destination());
        }

        @Override
        public void failed(AgentFailure failure) {
            log.add("failed:" + failure.kind());
        }

        @Override
        public void dropped(DropReason reason, long count) {
        }
    }
}
