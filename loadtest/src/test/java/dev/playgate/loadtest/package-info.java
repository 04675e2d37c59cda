/**
 * Gatling simulations of player fleets against playgate, and the small pieces they share: knobs read from
 * {@code -D} properties, the Zipf catalogue, the playback requests and the client-side tally that the one-command
 * run ({@code loadtest/run}) turns into its summary. Every simulation uses the open workload model, so a slow
 * gateway shows up in the latencies instead of slowing the arrivals down (no coordinated omission).
 */
@NullMarked
package dev.playgate.loadtest;

import org.jspecify.annotations.NullMarked;
