/** What the gateway asks of GetPlayInfo by default: playback domain and play-URL validity. */
@NullMarked
package dev.playgate.gateway.playinfo;

import org.jspecify.annotations.NullMarked;
