/**
 * Benchmarks: JMH micro-benchmarks of acting, PPO updates, ChatWorld's sequence model and the store,
 * {@link EndToEnd}'s whole runs through the actors (throughput and time to solve), and {@link ModelChoice}'s contest of
 * the two sequence models (cross-entropy against seconds of SFT, generation speed), started by {@code bench/run}. It
 * sits on top of everything and may use every module (it depends on the app); no module may depend on it.
 */
package dev.alignsim.bench;
