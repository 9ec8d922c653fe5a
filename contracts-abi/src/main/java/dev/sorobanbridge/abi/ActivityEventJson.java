package dev.sorobanbridge.abi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one place that turns an {@link ActivityEvent} into its wire JSON and back. The log stores
 * exactly this text and the bridge sends it unchanged, so both always agree.
 */
public final class ActivityEventJson {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // data numbers (u32) are Longs when decoded; reading them back as Longs keeps read(write(e)) equal to e
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    public String write(ActivityEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("activity event " + event.id() + " cannot be serialised", e);
        }
    }

    public ActivityEvent read(String json) {
        try {
            return mapper.readValue(json, ActivityEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored event is not valid activity-event JSON: " + e.getOriginalMessage(), e);
        }
    }
}
