/**
 * How a run is asked to stop early and says that it did: a {@link dev.alignsim.actors.lifecycle.StopRequest} that
 * the command line sets on SIGTERM or Ctrl-C and the coordinators read at each iteration boundary, and the
 * {@link dev.alignsim.actors.lifecycle.RunStoppedException} they end with after committing a checkpoint there, and the
 * {@link dev.alignsim.actors.lifecycle.RunFailedException} an RLHF stage ends with when it runs out of recoveries. Names
 * no other package of the module, so every coordinator may use it.
 */
package dev.alignsim.actors.lifecycle;
