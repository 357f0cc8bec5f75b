package io.trunkline.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How the API shows a call: one flat object whether the call is active or over ({@code state} {@code ringing},
 * {@code answered} or {@code ended}), with its parties, direction and times; an ended call adds why it ended and
 * its whole record. Times are ISO-8601, durations in milliseconds; absent values are omitted.
 */
final class CallViews {
    private final ObjectMapper mapper;

    CallViews(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A call in progress ({@code now} for its running duration). */
    ObjectNode active(ActiveCall call, Instant now) {
        ObjectNode view = mapper.createObjectNode();
        view.put("id", call.callId());
        view.put("state", call.answeredAt() != null ? "answered" : "ringing");
        view.put("phase", call.state().toLowerCase(Locale.ROOT));
        view.put("direction", call.direction());
        view.put("from", call.from());
        view.put("to", call.to());
        view.put("sipCallId", call.sipCallId());
        view.put("twilioCallSid", call.twilioCallSid());
        view.put("agent", call.agentKind());
        view.put("codec", call.codec());
        putTime(view, "startedAt", call.startedAt());
        putTime(view, "answeredAt", call.answeredAt());
        if (call.answeredAt() != null) {
            view.put("durationMs", Math.max(0, Duration.between(call.answeredAt(), now).toMillis()));
        }
        return withoutNulls(view);
    }

    /** A call that is over, from its record. */
    ObjectNode ended(CallRecord record) {
        ObjectNode view = mapper.createObjectNode();
        view.put("id", record.callId());
        view.put("state", "ended");
        view.put("direction", record.direction().tag());
        if (record.parties() != null) {
            view.put("from", record.parties().from());
            view.put("to", record.parties().to());
            view.put("sipCallId", record.parties().sipCallId());
            view.put("twilioCallSid", record.parties().twilioCallSid());
        }
        view.put("agent", record.agentKind());
        view.put("codec", record.codec());
        putTime(view, "startedAt", record.startedAt());
        putTime(view, "answeredAt", record.answeredAt());
        putTime(view, "endedAt", record.endedAt());
        view.put("durationMs", record.durationMs());
        view.put("outcome", record.outcome().tag());
        view.put("endReason", record.endReason().name());
        view.put("endedBy", record.endedBy().name());
        view.put("finalStatus", record.finalStatus());
        view.set("record", mapper.valueToTree(record));
        return withoutNulls(view);
    }

    private static void putTime(ObjectNode view, String field, Instant time) {
        if (time != null) {
            view.put(field, time.toString());
        }
    }

    private static ObjectNode withoutNulls(ObjectNode view) {
        view.properties().removeIf(e -> e.getValue().isNull());
        return view;
    }
}
