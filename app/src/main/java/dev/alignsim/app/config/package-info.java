/**
 * Reads AlignSim's HOCON settings (reference.conf defaults, a config file, {@code --set} overrides) once into
 * the validated records the other modules take: experiment, storage, actors, ChatWorld and its ppo stage. Every
 * refusal is an {@code InvalidSettingsException} that names the key by its full path and what was expected;
 * keys renamed since earlier versions are refused with their new names.
 */
package dev.alignsim.app.config;
