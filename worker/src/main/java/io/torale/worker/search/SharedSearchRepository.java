package io.torale.worker.search;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code shared_searches} table: the latest grounded search per query key (worker-owned). */
@Repository
public class SharedSearchRepository {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;

  public SharedSearchRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The stored evidence for the key if it was searched after {@code notBefore}. */
  Optional<Evidence> fresh(String key, Instant notBefore) {
    return jdbc.sql("SELECT evidence FROM shared_searches WHERE query_key = ? AND searched_at > ?")
        .param(key)
        .param(Timestamp.from(notBefore))
        .query(String.class)
        .optional()
        .map(json -> JSON.readValue(json, Evidence.class));
  }

  /** Stores the search, and drops searches older than a day: keys of past days are never read. */
  Evidence save(String key, Evidence evidence, Instant searchedAt) {
    jdbc.sql("DELETE FROM shared_searches WHERE searched_at < ?")
        .param(Timestamp.from(searchedAt.minus(java.time.Duration.ofDays(1))))
        .update();
    jdbc.sql(
            """
            INSERT INTO shared_searches (query_key, evidence, searched_at) VALUES (?, ?, ?)
            ON CONFLICT (query_key) DO UPDATE SET evidence = EXCLUDED.evidence,
                searched_at = EXCLUDED.searched_at
            """)
        .param(key)
        .param(JSON.writeValueAsString(evidence))
        .param(Timestamp.from(searchedAt))
        .update();
    return evidence;
  }
}
