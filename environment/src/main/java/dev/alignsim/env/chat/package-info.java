/**
 * ChatWorld, the token-level dialogue world: the typed {@link Vocabulary}, prompts of four kinds and their sampler,
 * the knowledge base, the hidden {@link GoldUtility}, the careful demonstrations every labeler starts from, and
 * rendering for logs. Pure Java: it depends only on {@code dev.alignsim.env} (for {@code Rng}); it must not depend
 * on {@code labelers}, which reads it, nor on networks or storage.
 */
package dev.alignsim.env.chat;
