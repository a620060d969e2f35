/**
 * A run on disk: its directory ({@link dev.alignsim.storage.RunDirectory}: configuration, metrics.jsonl, weights) and
 * its typed store ({@link dev.alignsim.storage.RunStore}), which commits each iteration or pipeline stage in one write
 * batch and reads records back through repositories (experience, ChatWorld responses, comparisons). Everything here
 * deals in Protobuf records and plain Java arrays, never in networks or engine arrays, so that any command can read
 * a run without an engine.
 */
package dev.alignsim.storage;
