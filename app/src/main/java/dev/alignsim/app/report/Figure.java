package dev.alignsim.app.report;

import java.util.Base64;

/**
 * A drawn figure: a PNG image with the words that go with it.
 *
 * @param id the figure's HTML id, stable across reports so that tests and links can find it
 * @param width its width in CSS pixels (the image itself is drawn at {@link Figures#SCALE} times that)
 */
record Figure(String id, String title, String caption, byte[] png, int width, int height) {

    String dataUri() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
