/**
 * The {@code alignsim} command line: its entry point and how failures become exit codes. Bad input exits 2 with
 * one line naming what was wrong, a store that cannot be used exits 3, a failed run exits 1; the commands
 * themselves live in {@code cli} ({@code report} in {@code report}), the settings they read in {@code config}.
 */
package dev.alignsim.app;
