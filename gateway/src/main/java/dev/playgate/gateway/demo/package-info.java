/**
 * Demo mode: the gateway runs with an in-process VOD emulator and throwaway credentials, and no Redis, so it can be
 * tried on a fresh clone with one command. Enabled only by {@code playgate.demo.enabled=true} (profile {@code demo}).
 */
@NullMarked
package dev.playgate.gateway.demo;

import org.jspecify.annotations.NullMarked;
