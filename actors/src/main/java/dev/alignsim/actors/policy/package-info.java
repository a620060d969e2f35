/**
 * The control world's policy actor: it owns the policy network and its optimiser, trains on the batches the
 * coordinator sends, publishes its weights by version and gives its state for checkpoints. It depends on the
 * policy module only; it must not depend on another actors package or on storage.
 */
package dev.alignsim.actors.policy;
