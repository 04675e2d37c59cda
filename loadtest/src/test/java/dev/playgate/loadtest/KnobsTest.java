package dev.playgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class KnobsTest {

	@AfterEach
	void clear() {
		System.clearProperty("knobs.test.rate");
		System.clearProperty("baseUrls");
		System.clearProperty("apiKey");
	}

	@Test
	void unsetKnobTakesItsDefault() {
		assertThat(Knobs.decimal("knobs.test.rate", 300, 1, 1000)).isEqualTo(300);
	}

	@Test
	void setKnobIsParsed() {
		System.setProperty("knobs.test.rate", " 450 ");
		assertThat(Knobs.integer("knobs.test.rate", 300, 1, 1000)).isEqualTo(450);
	}

	@Test
	void outOfRangeValueNamesTheKnobAndTheValue() {
		System.setProperty("knobs.test.rate", "-5");
		assertThatThrownBy(() -> Knobs.decimal("knobs.test.rate", 300, 1, 1000))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("knobs.test.rate").hasMessageContaining("-5");
	}

	@Test
	void unparsableValueNamesTheKnobAndTheValue() {
		System.setProperty("knobs.test.rate", "fast");
		assertThatThrownBy(() -> Knobs.integer("knobs.test.rate", 300, 1, 1000))
				.hasMessageContaining("knobs.test.rate").hasMessageContaining("fast");
	}

	@Test
	void baseUrlsAreSplitOnCommas() {
		System.setProperty("baseUrls", "http://127.0.0.1:1, http://127.0.0.1:2,");
		assertThat(Knobs.baseUrls()).containsExactly("http://127.0.0.1:1", "http://127.0.0.1:2");
	}

	@Test
	void baseUrlWithoutSchemeIsRefused() {
		System.setProperty("baseUrls", "127.0.0.1:8080");
		assertThatThrownBy(Knobs::baseUrls).hasMessageContaining("127.0.0.1:8080");
	}

	@Test
	void apiKeyIsNeverRecordedForTheSummary() {
		System.setProperty("apiKey", "s3cr3t-key");
		assertThat(Knobs.text("apiKey", "")).isEqualTo("s3cr3t-key");
		assertThat(Knobs.inEffect()).containsEntry("apiKey", "(set)").doesNotContainValue("s3cr3t-key");
	}
}
