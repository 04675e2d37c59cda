/**
 * The local tier: an in-process Caffeine cache of credentials bounded by bytes, where concurrent requests for one key
 * share one load, entries are served by remaining validity (never by age), keys still being read are refreshed
 * ahead of expiry, and definitive "video unavailable" answers are remembered briefly.
 */
@NullMarked
package dev.playgate.gateway.local;

import org.jspecify.annotations.NullMarked;
