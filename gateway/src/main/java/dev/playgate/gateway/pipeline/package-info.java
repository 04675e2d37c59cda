/**
 * Where the stages are assembled into the pipeline, top to bottom: negative cache, local tier, shared tier (when
 * Redis is configured), guarded upstream, VOD. The one place that shows how a request travels.
 */
@NullMarked
package dev.playgate.gateway.pipeline;

import org.jspecify.annotations.NullMarked;
