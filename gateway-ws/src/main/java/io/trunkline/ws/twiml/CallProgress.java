package io.trunkline.ws.twiml;

import io.netty.channel.EventLoop;
import io.trunkline.core.config.ParameterTemplate;
import io.trunkline.core.record.CallParties;
import java.time.Instant;
import java.util.Map;

/**
 * What the outside learns of one TwiML call: its entry in the registry (the Calls resource's view) and its status
 * callbacks ({@code initiated}, {@code ringing}, {@code answered}, {@code completed}), numbered from 0. Confined to
 * the call's loop.
 */
final class CallProgress {
    private final TwimlSettings settings;
    private final EventLoop loop;
    private final CallParties parties;
    private final String callSid;
    private final String accountSid;
    private TwimlCall call;
    private int sequence;

    CallProgress(TwimlSettings settings, EventLoop loop, CallParties parties, String callSid, String accountSid) {
        this.settings = settings;
        this.loop = loop;
        this.parties = parties;
        this.callSid = callSid;
        this.accountSid = accountSid;
    }

    /** The call exists: registered under its SID, reported initiated and ringing. */
    void started(String callId, TwimlCall.Control control) {
        call = settings.calls.started(callSid, accountSid, callId, ParameterTemplate.userPart(parties.from()),
                ParameterTemplate.userPart(parties.to()), control);
        status("initiated", -1);
        status("ringing", -1);
    }

    void answered() {
        call.answered(Instant.now());
        status("in-progress", -1);
    }

    /** The call is over with Twilio's {@code finalStatus} ({@code completed}, {@code busy}, …). */
    void ended(String finalStatus) {
        settings.calls.ended(call, finalStatus);
        Long duration = call.duration();
        status(finalStatus, duration == null ? 0 : duration);
    }

    /** The parameters of a request about this call, with {@code CallStatus} {@code callStatus}. */
    Map<String, String> params(String callStatus) {
        return VoiceParameters.of(parties, callSid, accountSid, callStatus);
    }

    private void status(String callStatus, long durationSeconds) {
        if (settings.callbacks != null) {
            settings.callbacks.send(loop, params(callStatus), sequence++, durationSeconds);
        }
    }
}
