/**
 * {@code alignsim report}: one self-contained HTML file for a run, or for several runs grouped by their settings
 * apart from the seed. Reads a run's {@code metrics.jsonl} and {@code config.conf} (and, for sample transcripts
 * only, its store read-only), so a report can be written while the run is still going. Figures are drawn with
 * JFreeChart into SVG (JFreeSVG) written into the page; nothing in the page needs the network.
 *
 * <p>Depends on the {@code storage} module (run directories, stored comparisons), {@code env.chat} (the vocabulary, to
 * print tokens) and {@code policy.eval} (the Gao fit), and on no other package of {@code app}: {@code app.cli} calls
 * it after a run, and {@code app}'s {@code Main} lists its command.
 */
package dev.alignsim.app.report;
