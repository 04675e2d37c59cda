/**
 * The summary of one load run, computed after Gatling finished: from the run's own per-request record
 * ({@code requests.csv}), the client tally ({@code client.json}), the once-a-second samples of the emulator's
 * statistics and of the processes' CPU ({@code samples.jsonl}), the emulator's {@code /__admin/stats} and the gateways'
 * Prometheus counters before and after, and Gatling's assertion lines. It answers what a load tester asks: how much
 * traffic was held, how fast, how much of it reached VOD against the budget and the quota, and what VOD would have
 * seen without playgate.
 */
@NullMarked
package dev.playgate.loadtest.summary;

import org.jspecify.annotations.NullMarked;
