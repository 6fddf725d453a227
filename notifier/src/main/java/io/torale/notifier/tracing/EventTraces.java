package io.torale.notifier.tracing;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The trace context of each event's intake ({@code event_traces}). Deliveries are made later, by
 * the dispatcher on its own threads, so the context is stored, not taken from the thread.
 */
@Component
public class EventTraces {

  private final JdbcClient jdbc;

  EventTraces(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Keeps the first {@code traceparent} of an event; a null one (no trace) is not stored. */
  public void record(String eventId, String traceparent) {
    if (traceparent == null) {
      return;
    }
    jdbc.sql(
            "INSERT INTO event_traces (event_id, traceparent) VALUES (?, ?)"
                + " ON CONFLICT (event_id) DO NOTHING")
        .params(eventId, traceparent)
        .update();
  }

  /** The event's {@code traceparent}, or null when it was not traced. */
  public String find(String eventId) {
    return jdbc.sql("SELECT traceparent FROM event_traces WHERE event_id = ?")
        .param(eventId)
        .query(String.class)
        .optional()
        .orElse(null);
  }
}
