package io.torale.worker.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-09-09",
        "Sept 9, 2026",
        "September 9, 2026",
        "Sep. 9 2026",
        "9 September 2026",
        "9th of September, 2026",
        "Wednesday, September 9th, 2026",
        "09/09/2026",
        "2026/9/9",
        "2026-09-09T17:00:00Z",
        " SEPTEMBER 9 2026. "
      })
  void oneDayInManyWordingsIsOneDate(String wording) {
    assertThat(Canonical.value(FieldType.DATE, wording, List.of())).isEqualTo("2026-09-09");
  }

  @Test
  void aMonthIsAMonthAndAnUnreadableDateStaysText() {
    assertThat(Canonical.value(FieldType.DATE, "September 2026", List.of())).isEqualTo("2026-09");
    assertThat(Canonical.value(FieldType.DATE, "Later this Fall", List.of()))
        .isEqualTo("later this fall");
    assertThat(Canonical.value(FieldType.DATE, "2026-09-10", List.of())).isEqualTo("2026-09-10");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1299", "1,299", "$1,299.00", "1299.0", "USD 1299", "1.299 thousand"})
  void oneNumberInManyWordingsIsOneNumber(String wording) {
    assertThat(Canonical.value(FieldType.NUMBER, wording, List.of())).isEqualTo("1299");
  }

  @Test
  void numbersKeepTheirValue() {
    assertThat(Canonical.value(FieldType.NUMBER, "2.5 million", List.of())).isEqualTo("2500000");
    assertThat(Canonical.value(FieldType.NUMBER, "12%", List.of())).isEqualTo("12");
    assertThat(Canonical.value(FieldType.NUMBER, "0.50", List.of())).isEqualTo("0.5");
    assertThat(Canonical.value(FieldType.NUMBER, "1300", List.of())).isNotEqualTo("1299");
  }

  @Test
  void booleansEnumsAndStrings() {
    assertThat(Canonical.value(FieldType.BOOLEAN, "Yes", List.of())).isEqualTo("true");
    assertThat(Canonical.value(FieldType.BOOLEAN, "FALSE.", List.of())).isEqualTo("false");
    assertThat(Canonical.value(FieldType.ENUM, " Announced ", List.of("ANNOUNCED", "RUMOURED")))
        .isEqualTo("announced");
    assertThat(Canonical.value(FieldType.STRING, "  \"iPhone   18 Pro\". ", List.of()))
        .isEqualTo("iphone 18 pro");
  }

  @Test
  void absentValuesAreNull() {
    for (String absent : new String[] {null, "", "  ", "null", "N/A", "unknown"}) {
      assertThat(Canonical.value(FieldType.STRING, absent, List.of())).isNull();
    }
  }

  @Test
  void theKeyIgnoresFieldOrderAndSeparatesNullFromAValue() {
    var a = new FieldValue("a", FieldType.STRING, "x");
    var b = new FieldValue("b", FieldType.DATE, "2026-09-09");
    var bNull = new FieldValue("b", FieldType.DATE, null);

    assertThat(Canonical.key(List.of(a, b))).isEqualTo(Canonical.key(List.of(b, a)));
    assertThat(Canonical.key(List.of(a, b))).isNotEqualTo(Canonical.key(List.of(a, bNull)));
  }
}
