/**
 * The connection to the Redis the replicas share: its settings, one {@link dev.playgate.gateway.redis.RedisLink} per
 * process, and the fail-open rule every user of it follows: when Redis is unreachable, slow or failing, a command
 * fails fast with a {@link io.lettuce.core.RedisException}, is counted, and the caller carries on as a single node.
 */
@NullMarked
package dev.playgate.gateway.redis;

import org.jspecify.annotations.NullMarked;
