/**
 * The shared tier: what the replicas share through Redis. An L2 of credentials (with their validity), and fleet-wide
 * coalescing: on an L2 miss one replica takes a lease and calls upstream while the others wait for its fill message
 * instead of polling. Active only when {@code playgate.redis.url} or {@code playgate.redis.cluster-nodes} is set; when
 * Redis fails it steps aside and the gateway behaves as a single node.
 */
@NullMarked
package dev.playgate.gateway.shared;

import org.jspecify.annotations.NullMarked;
