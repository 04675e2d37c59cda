package dev.playgate.gateway;

import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;

/**
 * The playgate gateway: a caching, coalescing, budget-keeping front for VOD playback credentials. The component scan
 * is {@code @SpringBootApplication}'s, except that it leaves out the {@link ManagementContextConfiguration} classes:
 * they belong to the management port's child context, which imports them itself, and scanned into this context they
 * would customize the public server as well.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = { @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
		@Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
		@Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class) })
@ConfigurationPropertiesScan
public class PlaygateApplication {

	/** Netty's allocator type: its system property, read once when Netty's buffer classes load. */
	static final String ALLOCATOR_PROPERTY = "io.netty.allocator.type";

	/**
	 * The system properties that set Netty's leak detection level, read once when the leak detector's class loads:
	 * the current one and the two it still honours.
	 */
	static final List<String> LEAK_LEVEL_PROPERTIES = List.of("io.netty.leakDetection.level",
			"io.netty.leakDetectionLevel", "io.netty.noResourceLeakDetection");

	/** One in how many buffers Netty's leak detector tracks at its default level: its system property. */
	static final String LEAK_SAMPLING_PROPERTY = "io.netty.leakDetection.samplingInterval";

	/** The sampling the gateway starts with: 32 times sparser than Netty's 128. */
	static final int LEAK_SAMPLING = 4096;

	/** How many event loops Reactor Netty's global resources (the server's and the clients') run: its property. */
	static final String EVENT_LOOPS_PROPERTY = "reactor.netty.ioWorkerCount";

	/** Starts the gateway. */
	public static void main(String[] args) {
		useThePooledAllocatorUnlessTold();
		sampleLeaksSparselyUnlessTold();
		oneEventLoopPerCoreUnlessTold();
		SpringApplication.run(PlaygateApplication.class, args);
	}

	/**
	 * Netty's pooled allocator (per-thread caches) rather than Netty 4.2's default adaptive one, unless the operator
	 * chose with {@code -Dio.netty.allocator.type}: a cache hit allocates a read buffer and a header buffer, and the
	 * adaptive allocator's shared chunk queues were the largest cost of a hit in the profile (docs/performance.md,
	 * "Where a cache hit spends its time"); the pooled one took some 12 % less CPU per hit here. Set before anything
	 * touches Netty.
	 */
	static void useThePooledAllocatorUnlessTold() {
		setUnlessTold(ALLOCATOR_PROPERTY, "pooled");
	}

	/**
	 * Netty's leak detector tracking one buffer in {@value #LEAK_SAMPLING} rather than one in 128, unless the operator
	 * chose a level or an interval: each tracked buffer records a stack trace, and at 128 those traces were about 1 % of
	 * the machine's CPU under cache hits (a {@code perf} profile, docs/performance.md "The hit path"). A leak on every
	 * request is still sampled within seconds at a few thousand requests a second, and reported once the collector
	 * finds the buffer unreachable. Set before anything touches Netty.
	 */
	static void sampleLeaksSparselyUnlessTold() {
		if (LEAK_LEVEL_PROPERTIES.stream().noneMatch(property -> System.getProperty(property) != null)) {
			setUnlessTold(LEAK_SAMPLING_PROPERTY, Integer.toString(LEAK_SAMPLING));
		}
	}

	/**
	 * One event loop per core the JVM may use (its container's CPU limit), unless the operator chose with
	 * {@code -Dreactor.netty.ioWorkerCount}, rather than Reactor Netty's at least four: nothing blocks on the loops
	 * (the gateway's VOD client and Lettuce run on them too), so more loops than cores only take turns on them, each
	 * woken for fewer connections at a time. With two loops on this 2-core machine instead of four, the loops woke
	 * 19 % less often, used 10 % less CPU, and hits ran at 1.05 x the rate (docs/performance.md, "The hit path"). Set
	 * before Reactor Netty's loop resources load.
	 */
	static void oneEventLoopPerCoreUnlessTold() {
		setUnlessTold(EVENT_LOOPS_PROPERTY, Integer.toString(Runtime.getRuntime().availableProcessors()));
	}

	/** Sets the system property {@code name} to {@code value} unless the operator set it. */
	private static void setUnlessTold(String name, String value) {
		if (System.getProperty(name) == null) {
			System.setProperty(name, value);
		}
	}
}
