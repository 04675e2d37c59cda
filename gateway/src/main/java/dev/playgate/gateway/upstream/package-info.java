/**
 * The upstream stages: {@link dev.playgate.gateway.upstream.GuardedUpstream} (budget, circuit breaker, bulkhead,
 * retry on throttling, timeout) in front of the VOD stage, which calls GetVideoPlayAuth / GetPlayInfo with the real
 * aliyun SDK on one bounded scheduler and reads each response as the public answer, which the api package encodes
 * once into the credential's body. The account's quota these stages keep is built in {@code budget/}.
 */
@NullMarked
package dev.playgate.gateway.upstream;

import org.jspecify.annotations.NullMarked;
