/**
 * The public HTTP API on port 8080: routes served directly by Reactor Netty (ahead of the WebFlux dispatcher, so a
 * cache hit costs a key parse, a map lookup and a write), request parsing and normalisation into credential keys (the
 * one place query parameters are put in VOD's names and spelling), the success headers ({@code X-Cache},
 * {@code Cache-Control}, {@code Age}) and sending problem answers with their status. Below the routes, the refusal
 * of what is not readable HTTP/1.x, on this port and on the management port. The bodies themselves are
 * written by {@code dev.playgate.gateway.api}.
 */
@NullMarked
package dev.playgate.gateway.edge;

import org.jspecify.annotations.NullMarked;
