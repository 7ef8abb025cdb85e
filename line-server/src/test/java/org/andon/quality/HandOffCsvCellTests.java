package org.andon.quality;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** CSV fields as RFC 4180 and a spreadsheet need them. */
class HandOffCsvCellTests {

	@Test
	void plainTextStaysAsItIs() {
		assertThat(HandOffCsv.cell("F-1001")).isEqualTo("F-1001");
		assertThat(HandOffCsv.cell(null)).isEmpty();
		assertThat(HandOffCsv.cell(42L)).isEqualTo("42");
		assertThat(HandOffCsv.cell(Instant.parse("2025-06-02T08:00:00Z"))).isEqualTo("2025-06-02T08:00:00Z");
	}

	@Test
	void commasQuotesAndLineBreaksAreQuoted() {
		assertThat(HandOffCsv.cell("pores, left rail")).isEqualTo("\"pores, left rail\"");
		assertThat(HandOffCsv.cell("the \"big\" one")).isEqualTo("\"the \"\"big\"\" one\"");
		assertThat(HandOffCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
		assertThat(HandOffCsv.cell("焊缝气孔")).isEqualTo("焊缝气孔");
	}

	@Test
	void textASpreadsheetWouldRunAsAFormulaIsDefused() {
		assertThat(HandOffCsv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
		assertThat(HandOffCsv.cell("+1")).isEqualTo("'+1");
		assertThat(HandOffCsv.cell("-2")).isEqualTo("'-2");
		assertThat(HandOffCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
	}

	@Test
	void anUnknownDecisionIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HandOffCsv.Filter(null, null, null, "MAYBE", null, Period.ALL))
			.withMessageContaining("PENDING");
	}

	@Test
	void aPeriodMustRunForwards() {
		Instant t = Instant.parse("2025-06-02T08:00:00Z");
		assertThatIllegalArgumentException().isThrownBy(() -> new Period(t, t));
		assertThat(new Period(t, null).on("passed_at")).isEqualTo(" and passed_at >= ?");
		assertThat(Period.ALL.args()).isEmpty();
	}
}
