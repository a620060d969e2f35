/**
 * One class per {@code alignsim} subcommand (run, resume, inspect, export, summary, rm-eval, gao-fit), and what
 * run and resume share for control worlds ({@code Runs}) and for ChatWorld's pipeline ({@code ChatRuns}). A
 * command reads and checks every setting before it creates anything, then hands the typed settings to the actors
 * module, which runs the experiment.
 */
package dev.alignsim.app.cli;
