package io.torale.worker.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.worker.finding.FieldSpec;
import io.torale.worker.finding.FieldType;
import io.torale.worker.finding.FieldValue;
import io.torale.worker.finding.FindingSchema;
import io.torale.worker.finding.NotifiedFinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict call's prompt and the reading of its structured response, without a server. */
class GeminiJudgeTest {

  private static final FindingSchema SCHEMA =
      new FindingSchema(
          List.of(
              new FieldSpec("eventDate", FieldType.DATE, "date of the event", null),
              new FieldSpec("price", FieldType.NUMBER, "starting price in USD", null)));

  @Test
  void aFirstRunDesignsTheSchemaAndFillsItCanonically() {
    Verdict verdict =
        GeminiJudge.parse(
            """
            {"conditionMet": true, "answer": "Event on Sept 9", "currentState": "Event Sept 9",
             "fields": [{"name": "eventDate", "value": "Sept 9, 2026"},
                        {"name": "price", "value": "$799"}],
             "changed": true, "whatChanged": "The date was announced.",
             "findingSchema": [
               {"name": "eventDate", "type": "DATE", "description": "date"},
               {"name": "price", "type": "NUMBER", "description": "price"},
               {"name": "bad name!", "type": "DATE", "description": "dropped"},
               {"name": "eventDate", "type": "STRING", "description": "duplicate, dropped"}]}
            """,
            null);

    assertThat(verdict.designedSchema().fields())
        .extracting(FieldSpec::name, FieldSpec::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("eventDate", FieldType.DATE),
            org.assertj.core.groups.Tuple.tuple("price", FieldType.NUMBER));
    assertThat(verdict.fields())
        .containsExactly(
            new FieldValue("eventDate", FieldType.DATE, "2026-09-09"),
            new FieldValue("price", FieldType.NUMBER, "799"));
    assertThat(verdict.changedInMeaning()).isTrue();
    assertThat(verdict.whatChanged()).isEqualTo("The date was announced.");
  }

  @Test
  void aLaterRunFillsTheKnownSchemaAndIgnoresAnythingElse() {
    Verdict verdict =
        GeminiJudge.parse(
            """
            {"conditionMet": true, "answer": "a", "currentState": "s",
             "fields": [{"name": "eventDate", "value": "9 September 2026"},
                        {"name": "invented", "value": "x"}],
             "changed": false, "whatChanged": "",
             "findingSchema": [{"name": "other", "type": "STRING", "description": "ignored"}]}
            """,
            SCHEMA);

    assertThat(verdict.designedSchema()).isNull();
    assertThat(verdict.fields())
        .containsExactly(
            new FieldValue("eventDate", FieldType.DATE, "2026-09-09"),
            new FieldValue("price", FieldType.NUMBER, null));
    assertThat(verdict.changedInMeaning()).isFalse();
    assertThat(verdict.whatChanged()).isNull();
  }

  @Test
  void thePromptCarriesTheSchemaAndTheLastNotifiedFinding() {
    String prompt =
        GeminiJudge.prompt(
            "When is the event?",
            "a date is confirmed",
            "Apple said September 9.",
            SCHEMA,
            new NotifiedFinding(
                List.of(new FieldValue("eventDate", FieldType.DATE, "2026-09-02")),
                "Event on Sept 2"));

    assertThat(prompt)
        .contains("\"eventDate\"")
        .contains("starting price in USD")
        .contains("2026-09-02")
        .contains("Event on Sept 2")
        .contains("null to a value")
        .doesNotContain("first check");
  }

  @Test
  void aFirstRunPromptAsksForTheDesign() {
    assertThat(GeminiJudge.prompt("q", "c", "e", null, null))
        .contains("first check")
        .contains("findingSchema")
        .contains("No finding was notified before");
  }
}
