/**
 * The HTTP server's event loops, which the VOD client, Lettuce and the shared tier also run on, so that a request
 * and the I/O it causes stay on one thread: which loops there are, and which one the calling thread is.
 */
@NullMarked
package dev.playgate.gateway.loop;

import org.jspecify.annotations.NullMarked;
