package dev.playgate.gateway;

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

	/** Starts the gateway. */
	/** Netty's allocator type: its system property, read once when Netty's buffer classes load. */
	static final String ALLOCATOR_PROPERTY = "io.netty.allocator.type";

	public static void main(String[] args) {
		useThePooledAllocatorUnlessTold();
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
		if (System.getProperty(ALLOCATOR_PROPERTY) == null) {
			System.setProperty(ALLOCATOR_PROPERTY, "pooled");
		}
	}
}
