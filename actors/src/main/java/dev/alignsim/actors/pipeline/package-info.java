/**
 * Runs a ChatWorld pipeline: {@link ChatPipeline} maps each stage name of the settings to its {@code Stage} and runs,
 * in order, the stages the store does not hold yet. It is the one package that sees every stage, so it may depend on
 * {@code chat}, {@code rlhf} and {@code dpo}; no other package of the actors module may depend on it (only the app does).
 */
package dev.alignsim.actors.pipeline;
