/**
 * The control world's critic actor: it owns the value network and its optimiser, values the coordinator's batches,
 * trains on returns and gives its state for checkpoints. It depends on the policy module only; it must not depend on
 * another actors package or on storage.
 */
package dev.alignsim.actors.critic;
