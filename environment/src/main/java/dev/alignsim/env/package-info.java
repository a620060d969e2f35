/**
 * Pure-Java environments: exact ports of Gymnasium's CartPole-v1, Acrobot-v1 and Pendulum-v1 behind {@link Env},
 * their vector and normalising wrappers, the {@link Envs} registry by id, and {@link Rng}, the seeded generator that
 * every module draws from. This is the bottom of the dependency graph: nothing beyond the JDK, and it must not name
 * its subpackages {@code chat} and {@code labelers}, which build on it.
 */
package dev.alignsim.env;
