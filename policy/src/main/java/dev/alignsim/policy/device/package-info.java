/**
 * Where networks run and how libtorch is set up: the device a run asked for ({@code auto}, {@code cpu}, {@code gpu}),
 * resolved against what DJL's engine can see, and the engine's thread counts, set once before the first network is
 * built. Depends on DJL only; knows nothing of worlds, actors or storage.
 */
package dev.alignsim.policy.device;
