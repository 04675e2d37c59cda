/**
 * Where the chain is assembled: {@code PipelineConfiguration} lists the stages top to bottom (today local-jwt for
 * play-auth in that mode, negative cache, local tier, shared tier when Redis is configured, guarded upstream), and
 * {@link dev.playgate.gateway.pipeline.Pipeline} builds each action's chain from that one list and derives the names
 * the readiness detail and the start-up log show.
 *
 * <p>
 * Adding a stage is one line in that list: {@code Stage.of("name", next -> new MyStage(next, ...))} where it belongs
 * in the order, inside {@code ifAvailable} (or an {@code if}) when the stage is optional, and with
 * {@code new Stage(name, Set.of(action), false, factory)} when only some actions pass through it. A stage that
 * answers by itself ({@code Stage.answering}) ends the chain of the actions it serves. Stages that share what is below
 * them share its instances, so one local tier caches every action.
 */
@NullMarked
package dev.playgate.gateway.pipeline;

import org.jspecify.annotations.NullMarked;
