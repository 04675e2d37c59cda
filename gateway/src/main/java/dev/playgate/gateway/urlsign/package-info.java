/**
 * CDN URL signing as the CDN defines it (types A, B and C): signing a play URL with the domain's private key for a
 * given expiry, and reading a signed URL back into its unsigned form while checking its signature.
 */
@NullMarked
package dev.playgate.gateway.urlsign;

import org.jspecify.annotations.NullMarked;
