/**
 * ChatWorld, the token-level dialogue world: the typed {@link Vocabulary}, prompts composed from parts (templates,
 * intents, objects, context words; entities and attributes for questions) with harm decided by the combination
 * ({@link HarmRule}), the fixed train/evaluation {@link PromptSplit} and the {@link PromptSampler} that draws one side
 * of it, the knowledge base, the hidden {@link GoldUtility} and the {@link UserPopulation} of groups who weigh its
 * components differently (population gold), the careful demonstrations every labeler starts from,
 * and rendering for logs. Pure Java: it depends only on {@code dev.alignsim.env} (for {@code Rng}); it must not
 * depend on {@code labelers}, which reads it, nor on networks or storage.
 */
package dev.alignsim.env.chat;
