package io.trunkline.server.twilioapi;

import io.trunkline.ws.twiml.TwimlCall;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A call as Twilio's Calls resource shows it (the fields a gateway knows; the rest null, as Twilio has them). */
final class CallJson {
    /** Twilio's dates: RFC 2822, e.g. {@code Tue, 31 Aug 2010 20:36:28 +0000}. */
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z",
            java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

    private CallJson() {
    }

    static String uri(String accountSid, String callSid) {
        return "/2010-04-01/Accounts/" + accountSid + "/Calls/" + callSid + ".json";
    }

    static Map<String, Object> of(TwimlCall call, String accountSid) {
        Map<String, Object> m = new LinkedHashMap<>();
        Instant updated = call.endTime() != null ? call.endTime()
                : call.answerTime() != null ? call.answerTime() : call.startTime();
        Long duration = call.duration();
        m.put("sid", call.sid());
        m.put("account_sid", call.accountSid());
        m.put("date_created", date(call.startTime()));
        m.put("date_updated", date(updated));
        m.put("parent_call_sid", null);
        m.put("to", call.to());
        m.put("to_formatted", call.to());
        m.put("from", call.from());
        m.put("from_formatted", call.from());
        m.put("phone_number_sid", null);
        m.put("status", call.status());
        m.put("start_time", date(call.startTime()));
        m.put("end_time", date(call.endTime()));
        m.put("duration", duration == null ? null : Long.toString(duration));
        m.put("price", null);
        m.put("price_unit", "USD");
        m.put("direction", "inbound");
        m.put("answered_by", null);
        m.put("api_version", "2010-04-01");
        m.put("forwarded_from", null);
        m.put("group_sid", null);
        m.put("caller_name", null);
        m.put("queue_time", "0");
        m.put("trunk_sid", null);
        m.put("uri", uri(accountSid, call.sid()));
        m.put("subresource_uris", Map.of());
        return m;
    }

    private static String date(Instant t) {
        return t == null ? null : RFC_2822.format(t);
    }
}
