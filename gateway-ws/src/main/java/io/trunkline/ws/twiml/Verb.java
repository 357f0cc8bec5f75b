package io.trunkline.ws.twiml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One TwiML verb the gateway carries out. Immutable. */
public sealed interface Verb {

    /** {@code <Connect><Stream url name?><Parameter name value/>…</Stream></Connect>}: a Twilio-format agent. */
    record ConnectStream(String url, String name, Map<String, String> parameters) implements Verb {
        public ConnectStream {
            Objects.requireNonNull(url, "url");
            // The agent sees the parameters in the order the TwiML lists them.
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /** {@code <Reject reason="busy|rejected"/>}: refuse before answer (486 for busy, else 603). */
    record Reject(String reason) implements Verb {
        /** The SIP status Twilio's reason stands for. */
        public int sipStatus() {
            return "busy".equals(reason) ? 486 : 603;
        }
    }

    /** {@code <Hangup/>}. */
    record Hangup() implements Verb {
    }

    /** {@code <Pause length="n"/>}: seconds, 1 by default. */
    record Pause(int seconds) implements Verb {
    }

    /** {@code <Redirect method?>url</Redirect>}: fetch the next TwiML from {@code url}. */
    record Redirect(String url, String method) implements Verb {
        public Redirect {
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * {@code <Dial><Number>…</Number></Dial>} or {@code <Dial><Sip>…</Sip></Dial>} (or a number as the text of
     * {@code <Dial>}): hand the caller over to {@code destination}, an E.164 number or a SIP URI.
     */
    record Dial(String destination) implements Verb {
        public Dial {
            Objects.requireNonNull(destination, "destination");
        }
    }
}
