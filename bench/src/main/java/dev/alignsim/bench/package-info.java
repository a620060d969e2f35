/**
 * Benchmarks: JMH micro-benchmarks of acting, PPO updates, ChatWorld's sequence model and the store, and
 * {@link EndToEnd}'s whole runs through the actors (throughput and time to solve), started by {@code bench/run}. It
 * sits on top of everything and may use every module (it depends on the app); no module may depend on it.
 */
package dev.alignsim.bench;
