package dev.playgate.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Netty allocator the gateway starts with: the pooled one, unless the operator chose. */
final class AllocatorChoiceTest {

	private final String before = System.getProperty(PlaygateApplication.ALLOCATOR_PROPERTY);

	@AfterEach
	void restore() {
		if (before == null) {
			System.clearProperty(PlaygateApplication.ALLOCATOR_PROPERTY);
		}
		else {
			System.setProperty(PlaygateApplication.ALLOCATOR_PROPERTY, before);
		}
	}

	@Test
	void withoutAChoiceThePooledAllocatorIsUsed() {
		System.clearProperty(PlaygateApplication.ALLOCATOR_PROPERTY);

		PlaygateApplication.useThePooledAllocatorUnlessTold();

		assertThat(System.getProperty(PlaygateApplication.ALLOCATOR_PROPERTY)).isEqualTo("pooled");
	}

	@Test
	void theOperatorsChoiceIsKept() {
		System.setProperty(PlaygateApplication.ALLOCATOR_PROPERTY, "adaptive");

		PlaygateApplication.useThePooledAllocatorUnlessTold();

		assertThat(System.getProperty(PlaygateApplication.ALLOCATOR_PROPERTY)).isEqualTo("adaptive");
	}
}
