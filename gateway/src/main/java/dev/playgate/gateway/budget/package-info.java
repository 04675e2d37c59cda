/**
 * Every quota the gateway keeps, and the one answer to "where is the account's quota kept?": here. The account's
 * quota at VOD is built in every layer by {@link dev.playgate.gateway.budget.AccountQuota} (the Redis GCRA bucket and
 * each replica's token pool, the per-process cap, the fail-open local share, the single-node local budget and the send
 * window at the wire); each caller's request quota is {@link dev.playgate.gateway.budget.ClientQuota}. Depends only on
 * the domain and the Redis link.
 */
@NullMarked
package dev.playgate.gateway.budget;

import org.jspecify.annotations.NullMarked;
