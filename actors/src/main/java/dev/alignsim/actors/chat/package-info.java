/**
 * ChatWorld's pipeline without actors: the {@link Stage} contract and {@link StageName}s every stage implements,
 * the stages that run in one step ({@code sft}, {@code label}, {@code rm}), and what all stages share: the run's
 * {@link ChatWorld} with its seeded streams, {@link ChatSettings}, the one loader of stored models
 * ({@link StoredModels}), the record codecs ({@link ModelCodec}, {@link ComparisonRecords}), what reward-model
 * scores are normalised on ({@link NormalisationSet}), sampling and gold reports, and the closing evaluation of the method stages
 * ({@link FinalEvaluation}). It depends on the environment, policy and storage modules only. It must never name {@code rlhf}, {@code dpo} or
 * {@code pipeline}: those packages build on this one (the {@code ppo} stage lives in {@code rlhf}, the {@code dpo}
 * stage in {@code dpo}, the runner of stages in {@code pipeline}).
 */
package dev.alignsim.actors.chat;
