package dev.playgate.gateway.redis;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether Redis is configured: a non-blank {@code playgate.redis.url} or at least one cluster node (comma list or
 * indexed list). The shared tier's beans exist only then; {@link Absent} guards the single-node alternatives.
 */
public final class RedisConfigured implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		boolean url = binder.bind("playgate.redis.url", String.class).map(StringUtils::hasText).orElse(false);
		boolean nodes = binder.bind("playgate.redis.cluster-nodes", Bindable.listOf(String.class))
			.map(list -> list.stream().anyMatch(StringUtils::hasText))
			.orElse(false);
		return url || nodes;
	}

	/** The opposite: single-node mode, no Redis at all. */
	public static final class Absent implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !new RedisConfigured().matches(context, metadata);
		}
	}
}
