/**
 * Where an answer's JSON is written: the public API's shape, every body a client receives (the play-auth and
 * play-info answers, the batch answer, RFC 9457 problem documents with each code's status and title), encoded here
 * on one Jackson {@code JsonFactory}. Credentials are encoded once, when they are made, so a cache hit writes the
 * stored bytes and encodes nothing.
 */
@NullMarked
package dev.playgate.gateway.api;

import org.jspecify.annotations.NullMarked;
