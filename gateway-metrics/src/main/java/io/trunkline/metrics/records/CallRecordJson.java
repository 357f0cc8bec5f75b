package io.trunkline.metrics.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.trunkline.core.record.CallRecord;

/** The JSON form of a call record: one object, ISO-8601 times, absent values omitted. */
public final class CallRecordJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
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
}
