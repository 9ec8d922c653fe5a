package dev.sorobanbridge.abi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
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
    /**
     * Buffers come from one pool shared by all threads. Jackson's default keeps them per thread (a
     * 4,000-char token buffer and more, about 8 KiB), and events are parsed on whatever thread asks,
     * including a web server's virtual thread that lives as long as its connection: with the default,
     * every open stream that once parsed an event kept those buffers until its connection closed.
     */
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
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
