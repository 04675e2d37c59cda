/**
 * What the one-command load run ({@code loadtest/run}) needs from Java besides Gatling: free loopback ports for the
 * processes it starts.
 */
@NullMarked
package dev.playgate.loadtest.run;

import org.jspecify.annotations.NullMarked;
