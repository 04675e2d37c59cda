/**
 * The one source of time: a monotonic {@link com.github.benmanes.caffeine.cache.Ticker} and a wall {@link java.time.Clock}.
 * Caffeine, the rate limiters and all expiry math take them, so tests move time instead of sleeping. Nothing else
 * in the gateway reads the system clock.
 */
@NullMarked
package dev.playgate.gateway.time;

import org.jspecify.annotations.NullMarked;
