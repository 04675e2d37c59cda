/**
 * Purging a video everywhere at once: the generation fence that keeps fills in flight from putting a purged video
 * back ({@link dev.playgate.gateway.purge.VideoGenerations}), the purge of every in-process holder of per-video state,
 * the fleet-wide fan-out through a Redis Stream that every replica follows from its last entry (at-least-once, with
 * a full local drop for a replica that fell behind), and the operator's {@code credentials} actuator endpoint.
 */
@NullMarked
package dev.playgate.gateway.purge;

import org.jspecify.annotations.NullMarked;
