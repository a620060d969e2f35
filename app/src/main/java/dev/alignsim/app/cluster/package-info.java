/**
 * Sweeps over a Pekko cluster: {@code alignsim node} members host the experiments of a sweep as Cluster Sharding
 * entities ({@link dev.alignsim.app.cluster.ExperimentEntity}, one per experiment name), each running its experiment
 * as a child JVM into the shared sweep root; {@code alignsim sweep --seeds} joins as a client member and polls them
 * until all are done. Messages between nodes are Jackson CBOR ({@link dev.alignsim.app.cluster.CborSerializable}).
 * Depends on {@code app.sweep} (what an experiment needs and how it is started); nothing else depends on it but the
 * commands.
 */
package dev.alignsim.app.cluster;
