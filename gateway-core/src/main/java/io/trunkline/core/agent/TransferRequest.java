package io.trunkline.core.agent;

import java.util.Objects;

/**
 * An agent's request to transfer the caller (Vapi's {@code transfer-update}, say).
 *
 * @param destination where the caller should go: a phone number in E.164 form ({@code +15550001111}) or a SIP URI
 * @param reason      free text from the agent for logs, or empty
 */
public record TransferRequest(String destination, String reason) {
    public TransferRequest {
        Objects.requireNonNull(destination, "destination");
        if (destination.isBlank()) {
            throw new IllegalArgumentException("a transfer needs a destination");
        }
        reason = reason == null ? "" : reason;
    }
}
