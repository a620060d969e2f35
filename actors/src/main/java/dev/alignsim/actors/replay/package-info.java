/**
 * The {@link Replay} actor, the only owner of a run's store while actors run: it commits each iteration in one write
 * batch, rewinds the store to a checkpoint, and answers queries (experience, sampled transitions, sampled
 * comparisons); and {@link RecordCodec}, which turns learner, env-runner and episode state into Protobuf records and
 * back. Both worlds use it, so it must not depend on any other actors package; it depends on the storage, policy
 * and environment modules.
 */
package dev.alignsim.actors.replay;
