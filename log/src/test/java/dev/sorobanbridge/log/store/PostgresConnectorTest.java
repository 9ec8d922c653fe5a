package dev.sorobanbridge.log.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PostgresConnectorTest {

    @Test
    void passwordsInTheUrlAreRedacted() {
        assertEquals("jdbc:postgresql://db:5432/events?user=app&password=[redacted]&ssl=true",
                PostgresConnector.redact("jdbc:postgresql://db:5432/events?user=app&password=s3cr%26t&ssl=true"));
        assertEquals("jdbc:postgresql://db/events?PASSWORD=[redacted]",
                PostgresConnector.redact("jdbc:postgresql://db/events?PASSWORD=x"));
        assertEquals("jdbc:postgresql://[redacted]@db/events",
                PostgresConnector.redact("jdbc:postgresql://app:s3cret@db/events"));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                PostgresConnector.redact("jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    }
}
