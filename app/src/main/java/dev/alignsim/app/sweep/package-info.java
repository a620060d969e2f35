/**
 * Sweeps: many experiments (settings x seeds) from one sweep file, each in a run directory of its own under the
 * sweep's root, run as child JVMs ({@code alignsim run} or {@code alignsim resume}) so that each keeps its own
 * store, its exact resume and a crash of its own. Used by {@code alignsim sweep} locally and by the cluster's
 * experiment entities ({@code app.cluster}); depends on {@code app.config} and {@code app.cli}, never on the cluster.
 */
package dev.alignsim.app.sweep;
