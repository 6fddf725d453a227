package io.torale.worker.finding;

import java.util.List;

/**
 * The finding at a task's last notification, as the next verdict call sees it: what "changed" is
 * judged against (not the last run's finding, so a slow drift still notifies once it adds up).
 *
 * @param fields the canonical fields then (empty for findings from before typed fields)
 * @param summary the state sentence then
 */
public record NotifiedFinding(List<FieldValue> fields, String summary) {

  public NotifiedFinding {
    fields = fields == null ? List.of() : List.copyOf(fields);
  }
}
