package io.trunkline.core.observe;

import java.util.Locale;

/**
 * What became of the requests a TwiML agent makes for metrics: each request for TwiML, by which URL it went to and
 * how it ended, and each status callback attempt's outcome. Called on I/O event loops: implementations must not
 * block.
 */
public interface TwimlObserver {

    /** Observes nothing. */
    TwimlObserver NOOP = new TwimlObserver() {
        @Override
        public void request(RequestKind kind, RequestOutcome outcome) {
        }

        @Override
        public void statusCallback(CallbackOutcome outcome) {
        }
    };

    /** Which URL was asked for TwiML. */
    enum RequestKind {
        /** The configured voice URL. */
        VOICE,
        /** The configured fallback URL, after the voice URL gave no usable TwiML. */
        FALLBACK,
        /** A {@code <Redirect>}'s URL, or one the Calls resource gave. */
        REDIRECT;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a request for TwiML ended. */
    enum RequestOutcome {
        /** Usable TwiML came. */
        OK,
        /** No answer within {@code twiml.timeout}. */
        TIMEOUT,
        /** An answer other than 2xx, or none at all (unreachable, connection failed). */
        HTTP_ERROR,
        /** An answer that is not usable TwiML (unparseable, or too large). */
        MALFORMED,
        /** The address guard kept the request off an internal address. */
        REFUSED_ADDRESS;

        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How one status callback attempt ended. */
    enum CallbackOutcome {
        /** The callback URL answered 2xx. */
        DELIVERED,
        /** The attempt failed (no answer, 5xx, 429) and another one is scheduled. */
        RETRIED,
        /**
         * The event was given up: every attempt failed, the URL answered another status (3xx, 4xx), or too many
         * events were
         * pending.
         */
        FAILED,
        /** The address guard kept the callback off an internal address; it is not retried. */
        REFUSED_ADDRESS;

        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A request for TwiML ended. */
    void request(RequestKind kind, RequestOutcome outcome);

    /** A status callback attempt ended. */
    void statusCallback(CallbackOutcome outcome);
}
