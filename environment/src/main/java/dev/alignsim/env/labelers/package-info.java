/**
 * Simulated human labelers: the {@link LabelerStrategy} SPI and its {@link LabelerStrategyProvider}s, found by
 * {@code java.util.ServiceLoader} and looked up by name in {@link LabelerStrategies}; the built-in strategies and
 * their chains; {@link Labeler} and {@link LabelerPopulation}. Pure Java: it depends on {@code dev.alignsim.env} and
 * {@code dev.alignsim.env.chat} only. How to write a strategy is in {@code docs/LABELERS.md}.
 */
package dev.alignsim.env.labelers;
