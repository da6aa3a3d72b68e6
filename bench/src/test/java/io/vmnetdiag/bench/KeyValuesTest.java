package io.vmnetdiag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyValuesTest {
  @Test
  void readsKeyValueLinesAndIgnoresTheRest() {
    KeyValues values = KeyValues.parse("armed=true\nSLF4J: noise\ncaptured=42\nseconds=8.012\nfilter=ether host a or host b\n=x\n");

    assertThat(values.number("captured")).isEqualTo(42);
    assertThat(values.decimal("seconds")).isEqualTo(8.012);
    assertThat(values.text("filter", "")).isEqualTo("ether host a or host b");
    assertThat(values.text("armed", "")).isEqualTo("true");
  }

  @Test
  void missingOrBadValuesGiveTheFallback() {
    KeyValues values = KeyValues.parse("captured=many\nempty=\n");

    assertThat(values.number("captured")).isEqualTo(-1);
    assertThat(values.decimal("captured")).isEqualTo(-1);
    assertThat(values.number("absent")).isEqualTo(-1);
    assertThat(values.text("empty", "?")).isEqualTo("?");
    assertThat(KeyValues.parse(null).number("x")).isEqualTo(-1);
  }
}
