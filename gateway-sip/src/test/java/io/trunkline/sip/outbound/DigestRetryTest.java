package io.trunkline.sip.outbound;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.sip.guard.DigestCredentials;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** Which of the trunk's digest challenges the call answers: the first, with credentials, while it still invites. */
class DigestRetryTest {
    private static final DigestCredentials CREDENTIALS = new DigestCredentials("trunk-user", "S3cret!");

    @Test
    void onlyTheFirstChallengeIsAnswered() {
        DigestRetry retry = new DigestRetry(null, null, CREDENTIALS, "c1");
        assertTrue(retry.accept(Response.UNAUTHORIZED, true));
        assertFalse(retry.accept(Response.UNAUTHORIZED, true), "a second challenge means the credentials are wrong");
        assertFalse(retry.accept(Response.PROXY_AUTHENTICATION_REQUIRED, true));
    }

    @Test
    void withoutCredentialsNoChallengeIsAnswered() {
        assertFalse(new DigestRetry(null, null, null, "c1").accept(Response.PROXY_AUTHENTICATION_REQUIRED, true));
    }

    @Test
    void aChallengeAfterTheHangupIsNotAnsweredAndDoesNotCount() {
        DigestRetry retry = new DigestRetry(null, null, CREDENTIALS, "c1");
        assertFalse(retry.accept(Response.UNAUTHORIZED, false));
        assertTrue(retry.accept(Response.UNAUTHORIZED, true), "the refused one was not taken as the first");
    }
}
