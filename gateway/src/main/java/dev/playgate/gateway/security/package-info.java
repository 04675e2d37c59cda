/** Who may use the gateway: API keys, JWT bearer tokens, and per-client quotas. */
@NullMarked
package dev.playgate.gateway.security;

import org.jspecify.annotations.NullMarked;
