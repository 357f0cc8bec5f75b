package io.trunkline.ws.twiml;

import io.netty.channel.EventLoop;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.record.CallParties;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One call run by TwiML, in Twilio's place: asks the voice URL (then the fallback URL) what to do, before the call
 * is answered, and carries out the verbs in order ({@link VerbSequencer}). {@code <Connect><Stream>} connects a
 * Twilio-format agent with the TwiML's parameters, and the call is answered once it is ready ({@link StreamPhase});
 * {@code <Dial>} hands the caller over through the gateway's call control ({@link DialPhase}). When no usable TwiML
 * comes, or it does not lead to an answer within {@code twiml.setup-timeout}, the call gets
 * {@code twiml.failure-response} ({@link LegState}). This class is the face of those parts towards the call and the
 * Calls resource: it brings every request onto the call's loop, to which the parts are confined.
 */
final class TwimlLeg implements AgentLeg, TwimlCall.Control {
    private final CallLoop loop;
    private final LegState state;
    private final StreamPhase stream;
    private final DialPhase dial;
    private final VerbSequencer sequencer;

    TwimlLeg(TwimlSettings settings, StreamConnectors streams, AgentSession session, CallLoop loop,
            AgentEvents events) {
        this.loop = loop;
        CallParties p = session.parties();
        String callSid = present(p.twilioCallSid()) ? p.twilioCallSid() : newCallSid();
        String accountSid = present(p.twilioAccountSid()) ? p.twilioAccountSid() : settings.accountSid;
        CallProgress progress = new CallProgress(settings, loop.unwrap(EventLoop.class), p, callSid, accountSid);
        // The stream is told the SIDs the application saw; its customParameters are the TwiML's, nothing else.
        AgentSession streamSession = new AgentSession(session.callId(), new CallParties(p.sipCallId(), p.from(),
                p.to(), callSid, accountSid, p.diversion(), p.assertedIdentity(), Map.of(), p.sipTransport(),
                p.signallingEncrypted()));
        this.state = new LegState(settings, session.callId(), loop, events, progress);
        this.stream = new StreamPhase(settings, streams, streamSession, accountSid, loop, state, events,
                this::goOn);
        this.dial = new DialPhase(settings, session.callId(), loop, state);
        this.sequencer = new VerbSequencer(settings, session.callId(), loop, state, stream, dial);
    }

    /** Registers the call, reports it initiated and ringing, and asks the voice URL. Called once, on the loop. */
    void start() {
        state.start(this, sequencer::setupExpired);
        sequencer.start();
    }

    // ---- AgentLeg: the call talks to the stream, when there is one ------------------------------------------

    @Override
    public AudioFormat format() {
        return AudioFormat.PCMU_8K;
    }

    @Override
    public void sendAudio(ByteBuffer frame) {
        stream.sendAudio(frame);
    }

    @Override
    public void sendDtmf(DtmfDigit digit) {
        stream.sendDtmf(digit);
    }

    @Override
    public void markPlayed(String name) {
        stream.markPlayed(name);
    }

    /**
     * A transfer failed and the caller is still here: the stream's agent is told when it asked for it; after a
     * {@code <Dial>}, as on Twilio, the TwiML after it goes on (its end hangs up).
     */
    @Override
    public void transferFailed(String destination, String reason) {
        loop.run(() -> {
            if (!stream.transferFailed(destination, reason) && dial.failed(reason)) {
                sequencer.step();
            }
        });
    }

    @Override
    public void gatewayEnded() {
        loop.run(() -> {
            stream.close(true);
            finish();
        });
    }

    @Override
    public void close() {
        loop.run(() -> {
            stream.close(false);
            finish();
        });
    }

    // ---- TwimlCall.Control: the Calls resource, from any thread ----------------------------------------------

    @Override
    public void execute(TwimlDocument document) {
        loop.run(() -> sequencer.replace(document));
    }

    @Override
    public void redirect(String url, String method) {
        loop.run(() -> sequencer.redirect(url, method));
    }

    /** An answered call gets BYE; one still ringing is declined (603), not answered first. */
    @Override
    public void hangup() {
        loop.run(sequencer::end);
    }

    /** The TwiML after a {@code <Connect>} goes on once its stream is over. */
    private void goOn() {
        sequencer.step();
    }

    private void finish() {
        if (state.finish()) {
            sequencer.stop();
        }
    }

    private static String newCallSid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "CA" + String.format("%016x%016x", r.nextLong(), r.nextLong());
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
