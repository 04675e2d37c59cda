/**
 * Who may call the public API: the {@link dev.playgate.gateway.security.ClientGate} the edge consults before any other
 * work, its modes ({@code none}, {@code api-key}, {@code jwt}) and the refusal of callers over their request quota
 * (the quota itself is kept in {@code budget/}). Authentication here is synchronous, non-blocking and
 * allocation-light, because the edge serves cache hits straight from Reactor Netty routes.
 */
@NullMarked
package dev.playgate.gateway.security;

import org.jspecify.annotations.NullMarked;
