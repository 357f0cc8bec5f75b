package io.trunkline.sip.outbound;

import io.trunkline.sip.guard.DigestCredentials;
import javax.sip.header.AuthorizationHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry of one outbound call's INVITE after the trunk's digest challenge (a 401 or 407): the first challenge is
 * answered with a new INVITE carrying our credentials ({@link DigestAnswer}); a second one, or any challenge when no
 * credentials are configured, is left to end the call. {@link UacCall} asks whether to retry under its own lock, on
 * the stack thread that got the challenge, and runs {@link #resend} on the call's serial executor.
 */
final class DigestRetry {
    private static final Logger log = LoggerFactory.getLogger(DigestRetry.class);

    private final UacCall call;
    private final UacMessages messages;
    private final DigestCredentials credentials;
    private final String callId;

    // guarded by this
    private boolean challenged;

    /**
     * @param credentials  the digest credentials for the trunk, or null (IP ACL only)
     * @param callId       the bridge's id of the call, for the log
     */
    DigestRetry(UacCall call, UacMessages messages, DigestCredentials credentials, String callId) {
        this.call = call;
        this.messages = messages;
        this.credentials = credentials;
        this.callId = callId;
    }

    /**
     * Whether the challenge with {@code status} gets an answer: the first one, with credentials configured, while the
     * call still wants its INVITE answered ({@code inviting}). Logs why a refused or unconfigured one does not.
     */
    synchronized boolean accept(int status, boolean inviting) {
        if (credentials == null || challenged || !inviting) {
            if (challenged) {
                log.warn("the trunk refused the credentials of {} ({}): check outbound.username-env and "
                        + "outbound.password-env", callId, status);
            } else if (credentials == null) {
                log.warn("the trunk challenged {} and no credentials are configured (outbound.username-env)",
                        callId);
            }
            return false;
        }
        challenged = true;
        return true;
    }

    /**
     * Sends the INVITE that follows {@code previous} with the answer to {@code challenge}; the call fails with the
     * challenge's status when it cannot be answered or sent.
     */
    void resend(Request previous, Response challenge) {
        try {
            Request next = messages.nextInvite(previous);
            AuthorizationHeader auth = DigestAnswer.answer(challenge, credentials, Request.INVITE,
                    next.getRequestURI(), messages.headers());
            if (auth == null) {
                call.fail(challenge.getStatusCode(), "digest challenge not supported");
                return;
            }
            next.addHeader(auth);
            call.send(next);
        } catch (Exception e) {
            log.warn("could not answer the trunk's challenge for {}: {}", callId, e.toString());
            call.fail(challenge.getStatusCode(), "challenge not answered");
        }
    }
}
