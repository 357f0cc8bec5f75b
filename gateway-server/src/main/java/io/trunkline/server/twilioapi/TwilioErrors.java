package io.trunkline.server.twilioapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON answers shaped as Twilio's REST API shapes them, errors included ({@code code}, {@code message}, …). */
final class TwilioErrors {
    static final ObjectMapper JSON = new ObjectMapper();

    private TwilioErrors() {
    }

    /** Twilio's error body: {@code {"code":…,"message":…,"more_info":…,"status":…}}. */
    static FullHttpResponse error(int status, int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        body.put("status", status);
        return json(status, body);
    }

    /** 401 with Twilio's {@code 20003 Authenticate}. */
    static FullHttpResponse unauthorized() {
        FullHttpResponse r = error(401, 20003, "Authenticate");
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Twilio API\"");
        return r;
    }

    static FullHttpResponse json(int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        return r;
    }
}
