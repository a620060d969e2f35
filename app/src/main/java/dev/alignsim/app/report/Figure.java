package dev.alignsim.app.report;

/**
 * A drawn figure: an SVG element, sized by its view box so that it scales with the page, and the words that go with it.
 *
 * @param id the figure's HTML id, stable across reports so that tests and links can find it
 * @param svg the {@code <svg>} element, its ids prefixed with {@code id} so that several can share a page
 */
record Figure(String id, String title, String caption, String svg) {}
