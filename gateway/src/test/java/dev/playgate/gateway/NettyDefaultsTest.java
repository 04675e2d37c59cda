package dev.playgate.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Netty settings the gateway starts with unless the operator chose: the pooled allocator, leak detection
 * sampling one buffer in {@value PlaygateApplication#LEAK_SAMPLING}, and one event loop per core.
 */
final class NettyDefaultsTest {

	private final Map<String, String> before = new HashMap<>();

	private static Stream<String> properties() {
		return Stream.concat(Stream.of(PlaygateApplication.ALLOCATOR_PROPERTY, PlaygateApplication.LEAK_SAMPLING_PROPERTY,
				PlaygateApplication.EVENT_LOOPS_PROPERTY), PlaygateApplication.LEAK_LEVEL_PROPERTIES.stream());
	}

	@BeforeEach
	void clear() {
		properties().forEach(property -> {
			String value = System.getProperty(property);
			if (value != null) {
				before.put(property, value);
			}
			System.clearProperty(property);
		});
	}

	@AfterEach
	void restore() {
		properties().forEach(System::clearProperty);
		before.forEach(System::setProperty);
	}

	@Test
	void withoutAChoiceThePooledAllocatorIsUsed() {
		PlaygateApplication.useThePooledAllocatorUnlessTold();

		assertThat(System.getProperty(PlaygateApplication.ALLOCATOR_PROPERTY)).isEqualTo("pooled");
	}

	@Test
	void theOperatorsAllocatorIsKept() {
		System.setProperty(PlaygateApplication.ALLOCATOR_PROPERTY, "adaptive");

		PlaygateApplication.useThePooledAllocatorUnlessTold();

		assertThat(System.getProperty(PlaygateApplication.ALLOCATOR_PROPERTY)).isEqualTo("adaptive");
	}

	@Test
	void withoutAChoiceLeakDetectionSamplesSparsely() {
		PlaygateApplication.sampleLeaksSparselyUnlessTold();

		assertThat(System.getProperty(PlaygateApplication.LEAK_SAMPLING_PROPERTY)).isEqualTo("4096");
	}

	@Test
	void theOperatorsSamplingIsKept() {
		System.setProperty(PlaygateApplication.LEAK_SAMPLING_PROPERTY, "1");

		PlaygateApplication.sampleLeaksSparselyUnlessTold();

		assertThat(System.getProperty(PlaygateApplication.LEAK_SAMPLING_PROPERTY)).isEqualTo("1");
	}

	@Test
	void aLevelTheOperatorChoseUnderAnyOfItsNamesKeepsNettysSampling() {
		PlaygateApplication.LEAK_LEVEL_PROPERTIES.forEach(property -> {
			System.setProperty(property, "paranoid");

			PlaygateApplication.sampleLeaksSparselyUnlessTold();

			assertThat(System.getProperty(PlaygateApplication.LEAK_SAMPLING_PROPERTY)).as(property).isNull();
			System.clearProperty(property);
		});
	}

	@Test
	void withoutAChoiceThereIsOneEventLoopPerCore() {
		PlaygateApplication.oneEventLoopPerCoreUnlessTold();

		assertThat(System.getProperty(PlaygateApplication.EVENT_LOOPS_PROPERTY))
			.isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
	}

	@Test
	void theOperatorsEventLoopCountIsKept() {
		System.setProperty(PlaygateApplication.EVENT_LOOPS_PROPERTY, "8");

		PlaygateApplication.oneEventLoopPerCoreUnlessTold();

		assertThat(System.getProperty(PlaygateApplication.EVENT_LOOPS_PROPERTY)).isEqualTo("8");
	}
}
