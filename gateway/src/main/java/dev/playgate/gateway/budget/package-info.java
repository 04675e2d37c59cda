/**
 * The upstream call budget: how many calls per second per action the gateway may make to VOD. The account's quota is
 * shared by every replica, so the budget is cluster-wide when Redis is configured and a local share otherwise.
 */
@NullMarked
package dev.playgate.gateway.budget;

import org.jspecify.annotations.NullMarked;
