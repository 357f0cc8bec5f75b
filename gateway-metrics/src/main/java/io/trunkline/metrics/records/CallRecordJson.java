package io.trunkline.metrics.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.trunkline.core.call.CallDirection;
import io.trunkline.core.record.CallRecord;
import java.io.IOException;

/**
 * The JSON form of a call record: one object, ISO-8601 times, absent values omitted, the direction in lower
 * case. A figure that was not measured (NaN in the record) is written as {@code null}, never as a number, so tools
 * that load the records do not average placeholders into real values. Every record carries its {@code url}: the path of its page on the
 * gateway's HTTP endpoint ({@code /calls/{id}}).
 */
public final class CallRecordJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("not-measured")
                    .addSerializer(Double.class, new NotMeasured())
                    .addSerializer(double.class, new NotMeasured())
                    .addSerializer(CallDirection.class, new DirectionTag()))
            .addMixIn(CallRecord.class, WithUrl.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    private CallRecordJson() {
    }

    public static String toJson(CallRecord record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("call record not serialisable: " + record.callId(), e);
        }
    }

    /** The mapper used for records, for readers such as tests and the HTTP listing. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code "inbound"} or {@code "outbound"}, as in the metrics' {@code direction} tag. */
    private static final class DirectionTag extends StdSerializer<CallDirection> {
        private static final long serialVersionUID = 1L;

        DirectionTag() {
            super(CallDirection.class);
        }

        @Override
        public void serialize(CallDirection value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeString(value.tag());
        }
    }

    /** Adds the record's {@code url} ({@code /calls/{id}}, its page on the HTTP endpoint) to its JSON. */
    private abstract static class WithUrl {
        @JsonProperty("url")
        abstract String url();
    }

    /** NaN and infinities (not measured) as {@code null}; every other value as a JSON number. */
    private static final class NotMeasured extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        NotMeasured() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }
}
