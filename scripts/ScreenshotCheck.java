import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Checks that a screenshot of a report is not blank: run as {@code java scripts/ScreenshotCheck.java shot.png} (Java's
 * single-file launch; no build needed). A page that failed to render is one colour; a rendered report has text (dark
 * pixels) and figures (curves in several saturated colours; links alone are one blue). Exits 1, saying which, when
 * one is missing.
 */
public final class ScreenshotCheck {
    /** Least share of pixels that differ from the background: text and tables. */
    private static final double MIN_INK = 0.01;
    /** Least strongly coloured pixels of a hue for it to count: a curve, not a stray pixel of anti-aliasing. */
    private static final int MIN_PER_HUE = 300;
    /** Least hues a figure brings (its curves' colours); the page's links are a single blue. */
    private static final int MIN_HUES = 2;

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java scripts/ScreenshotCheck.java SCREENSHOT.png");
            System.exit(2);
        }
        BufferedImage image = ImageIO.read(new File(args[0]));
        if (image == null) {
            fail(args[0] + " is not an image");
        }
        Map<Integer, Integer> counts = new HashMap<>();
        int[] hues = new int[6];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                counts.merge(rgb, 1, Integer::sum);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                int max = Math.max(r, Math.max(g, b));
                int min = Math.min(r, Math.min(g, b));
                if (max - min > 100) {
                    hues[hue(r, g, b, max, min)]++;
                }
            }
        }
        long pixels = (long) image.getWidth() * image.getHeight();
        int background = counts.values().stream().max(Integer::compare).orElse(0);
        double ink = 1 - background / (double) pixels;
        long huesSeen = Arrays.stream(hues).filter(n -> n >= MIN_PER_HUE).count();
        System.out.printf("%s: %dx%d, %d colours, %.1f%% not background, coloured pixels by hue sector %s%n", args[0], image.getWidth(),
                image.getHeight(), counts.size(), 100 * ink, Arrays.toString(hues));
        if (ink < MIN_INK) {
            fail("the screenshot is blank: " + String.format("%.2f%%", 100 * ink) + " of it differs from the background");
        }
        if (huesSeen < MIN_HUES) {
            fail("the screenshot shows no figure: " + huesSeen + " hue(s) with at least " + MIN_PER_HUE + " coloured pixels, expected "
                    + MIN_HUES + " or more (a figure's curves)");
        }
        System.out.println("screenshot check passed");
    }

    /** Which sixth of the colour wheel (red, yellow, green, cyan, blue, magenta) a saturated colour is in. */
    private static int hue(int r, int g, int b, int max, int min) {
        double h;
        if (max == r) {
            h = (g - b) / (double) (max - min);
        } else if (max == g) {
            h = 2 + (b - r) / (double) (max - min);
        } else {
            h = 4 + (r - g) / (double) (max - min);
        }
        return (int) Math.floor((h + 6.5) % 6);
    }

    private static void fail(String why) {
        System.err.println("screenshot check failed: " + why);
        System.exit(1);
    }
}
