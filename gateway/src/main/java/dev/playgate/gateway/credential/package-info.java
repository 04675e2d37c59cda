/**
 * The domain of playgate: what a player asks for ({@link dev.playgate.gateway.credential.CredentialKey}), what the
 * gateway hands out ({@link dev.playgate.gateway.credential.Credential}), how it was served, and the stage interface
 * every tier implements ({@link dev.playgate.gateway.credential.CredentialSource}). Depends on nothing else in the
 * gateway.
 */
@NullMarked
package dev.playgate.gateway.credential;

import org.jspecify.annotations.NullMarked;
