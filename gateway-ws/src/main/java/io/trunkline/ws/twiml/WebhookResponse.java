package io.trunkline.ws.twiml;

/**
 * What a webhook answered.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type} header, or empty
 * @param body        the body (bounded by the client)
 */
public record WebhookResponse(int status, String contentType, byte[] body) {
    public WebhookResponse {
        contentType = contentType == null ? "" : contentType;
    }

    public boolean successful() {
        return status / 100 == 2;
    }
}
