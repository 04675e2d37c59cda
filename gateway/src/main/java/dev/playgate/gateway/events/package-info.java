/**
 * VOD's HTTP event notifications: the callback's authentication (VOD's signature, the time window, replays), what each
 * event means for the cache (the video is purged fleet-wide, so the next request asks VOD, which is the truth), and
 * the receiver's metrics.
 */
@NullMarked
package dev.playgate.gateway.events;

import org.jspecify.annotations.NullMarked;
