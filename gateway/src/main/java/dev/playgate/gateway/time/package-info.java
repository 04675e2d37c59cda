/**
 * The one source of time: a monotonic {@link com.github.benmanes.caffeine.cache.Ticker}, a wall
 * {@link java.time.Clock} and a {@link reactor.core.scheduler.Scheduler} for every delay, timeout and backoff.
 * Caffeine, the rate limiters, the Reactor operators and all expiry math take them, so tests move one fake instead of
 * sleeping. Nothing else in the gateway reads the system clock or a global Reactor timer.
 */
@NullMarked
package dev.playgate.gateway.time;

import org.jspecify.annotations.NullMarked;
