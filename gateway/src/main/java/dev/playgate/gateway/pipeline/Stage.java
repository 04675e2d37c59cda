package dev.playgate.gateway.pipeline;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialSource;

/**
 * One named line of the pipeline's stage list: how the stage is put in front of the stages below it, and which
 * actions pass through it. A stage either wraps the next one ({@link #of}) or answers by itself ({@link #answering}),
 * which ends the chain of the actions it serves.
 *
 * @param name the stage's name in the readiness detail and the start-up log, e.g. {@code local}
 * @param actions the actions whose chain includes this stage
 * @param answers whether the stage answers by itself, so nothing below it is part of its actions' chain
 * @param factory builds the stage in front of {@code next} (an answering stage ignores {@code next})
 */
public record Stage(String name, Set<Action> actions, boolean answers, UnaryOperator<CredentialSource> factory) {

	/** Checks the stage has a name, at least one action and a factory. */
	public Stage {
		Objects.requireNonNull(name, "name must not be null");
		if (name.isBlank()) {
			throw new IllegalArgumentException("a stage needs a name: '" + name + "'");
		}
		if (actions.isEmpty()) {
			throw new IllegalArgumentException("stage " + name + " serves no action");
		}
		actions = Set.copyOf(actions);
		Objects.requireNonNull(factory, "factory must not be null");
	}

	/** A stage every action passes through, built in front of the next one by {@code factory}. */
	public static Stage of(String name, UnaryOperator<CredentialSource> factory) {
		return new Stage(name, EnumSet.allOf(Action.class), false, factory);
	}

	/** A stage that answers every action by itself: the bottom of the chain. */
	public static Stage answering(String name, CredentialSource source) {
		return new Stage(name, EnumSet.allOf(Action.class), true, next -> source);
	}

	/** A stage that answers {@code action} by itself; the other actions pass it by. */
	public static Stage answering(String name, Action action, CredentialSource source) {
		return new Stage(name, EnumSet.of(action), true, next -> source);
	}

	/** Whether {@code action}'s chain includes this stage. */
	boolean serves(Action action) {
		return actions.contains(action);
	}
}
