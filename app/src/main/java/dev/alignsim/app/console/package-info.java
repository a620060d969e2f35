/**
 * What a person sees of a command and what goes to its log file: the console shows one line per stage or fact and
 * warnings ({@code --verbose}: every log line), a run's log file ({@code <run>/alignsim.log}) holds every line and
 * any internal fault's stack trace; a fault outside a run directory is logged under the user's cache.
 */
package dev.alignsim.app.console;
