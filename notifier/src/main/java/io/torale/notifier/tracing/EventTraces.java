package io.torale.notifier.tracing;

import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The trace context of each event's intake ({@code event_traces}). Deliveries are made later, by
 * the dispatcher on its own threads, so the context is stored, not taken from the thread; the
 * dispatcher reads it back with each claimed delivery.
 */
@Component
public class EventTraces {

  private final JdbcTemplate jdbc;

  EventTraces(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Keeps the first {@code traceparent} of each event, in one batch (one round trip). Events
   * without a trace are not in the map.
   */
  public void recordAll(Map<String, String> traceparentByEvent) {
    if (traceparentByEvent.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(
        "INSERT INTO event_traces (event_id, traceparent) VALUES (?, ?)"
            + " ON CONFLICT (event_id) DO NOTHING",
        traceparentByEvent.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> new Object[] {e.getKey(), e.getValue()})
            .toList());
  }
}
