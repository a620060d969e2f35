package dev.alignsim.app.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.AbstractRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's figures, drawn by JFreeChart into SVG (JFreeSVG): line charts, stacked areas, bands and panels on one x
 * axis. SVG rather than PNG: sharp at any zoom, and several times faster to write and smaller than a PNG of the same
 * chart, since nothing is rasterised or compressed.
 */
final class Figures {
    static final int WIDTH = 860;
    static final int HEIGHT = 340;

    static {
        // A run on a machine without a display must still draw: JFreeChart measures text with AWT's fonts, which work
        // without a display in headless mode. Set before the first colour or font below touches AWT.
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    private static final StandardChartTheme THEME = theme();

    private Figures() {}

    /** What a figure is: its id, title, axis labels and caption. */
    record Spec(String id, String title, String xLabel, String yLabel, String caption) {}

    /** One panel of a figure whose panels share the x axis. */
    record Panel(String yLabel, List<Series> series) {}

    /** A mean curve with its lower and upper bounds at each x. */
    record Band(String name, double[] x, double[] mean, double[] low, double[] high) {}

    static Figure lines(Spec spec, List<Series> series) {
        XYPlot plot = linePlot(spec.xLabel(), spec.yLabel(), series, 0);
        return draw(spec, plot, HEIGHT, series.size() > 1);
    }

    /** Curves on a left axis and others on a right one (for quantities of different scales, such as reward and KL). */
    static Figure twoAxes(Spec spec, List<Series> left, String rightLabel, List<Series> right) {
        XYPlot plot = linePlot(spec.xLabel(), spec.yLabel(), left, 0);
        plot.setRangeAxis(1, axis(rightLabel));
        plot.setDataset(1, collection(right));
        plot.setRenderer(1, lineRenderer(right.size(), left.size(), true));
        plot.mapDatasetToRangeAxis(1, 1);
        return draw(spec, plot, HEIGHT, true);
    }

    /** Panels stacked on one x axis, each with its own y axis. */
    static Figure panels(Spec spec, List<Panel> panels) {
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(axis(spec.xLabel()));
        combined.setGap(12);
        for (Panel panel : panels) {
            combined.add(linePlot(null, panel.yLabel(), panel.series(), 0), 1);
        }
        boolean legend = panels.stream().anyMatch(p -> p.series().size() > 1);
        return draw(spec, combined, 140 * panels.size() + 80, legend);
    }

    /** Mean curves with shaded bands around them. */
    static Figure bands(Spec spec, List<Band> bands) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Band band : bands) {
            YIntervalSeries series = new YIntervalSeries(band.name(), false, true);
            for (int i = 0; i < band.x().length; i++) {
                series.add(band.x()[i], band.mean()[i], band.low()[i], band.high()[i]);
            }
            data.addSeries(series);
        }
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        for (int i = 0; i < bands.size(); i++) {
            renderer.setSeriesPaint(i, color(i));
            renderer.setSeriesFillPaint(i, color(i));
            renderer.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        renderer.setAlpha(0.18f);
        keepStyle(renderer);
        XYPlot plot = plot(spec.xLabel(), spec.yLabel(), data, renderer);
        return draw(spec, plot, HEIGHT, true);
    }

    /**
     * Areas stacked on each other, the first at the bottom; every series must share the same x values. Drawn as each
     * series' running total filled down to zero, the top one first: one shape per series, where a stacked-area renderer
     * draws one per point and the seams between them show in SVG.
     */
    static Figure stacked(Spec spec, List<Series> series) {
        double[] total = new double[series.isEmpty() ? 0 : series.get(0).size()];
        List<Series> cumulative = new ArrayList<>();
        for (Series s : series) {
            for (int i = 0; i < total.length; i++) {
                total[i] += s.y()[i];
            }
            cumulative.add(0, new Series(s.name(), s.x(), total.clone()));
        }
        XYAreaRenderer renderer = new XYAreaRenderer(XYAreaRenderer.AREA);
        for (int i = 0; i < cumulative.size(); i++) {
            renderer.setSeriesPaint(i, color(cumulative.size() - 1 - i));
        }
        keepStyle(renderer);
        XYPlot plot = plot(spec.xLabel(), spec.yLabel(), collection(cumulative), renderer);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        return draw(spec, plot, HEIGHT, true);
    }

    /** Points (drawn as dots) and curves (drawn as lines) on one pair of axes. */
    static Figure pointsAndCurves(Spec spec, List<Series> points, List<Series> curves) {
        XYPlot plot = plot(spec.xLabel(), spec.yLabel(), collection(points), dotRenderer(points.size()));
        plot.setDataset(1, collection(curves));
        plot.setRenderer(1, lineRenderer(curves.size(), 0, false));
        return draw(spec, plot, HEIGHT, true);
    }

    private static XYPlot linePlot(String xLabel, String yLabel, List<Series> series, int firstColor) {
        return plot(xLabel, yLabel, collection(series), lineRenderer(series.size(), firstColor, false));
    }

    private static XYPlot plot(String xLabel, String yLabel, XYDataset data, XYItemRenderer renderer) {
        XYPlot plot = new XYPlot(data, xLabel == null ? null : axis(xLabel), axis(yLabel), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlineVisible(false);
        return plot;
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static XYSeriesCollection collection(List<Series> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            // Several lines may share an x (a resumed run's repeated iteration); keep them in the order written.
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.size(); i++) {
                xy.add(s.x()[i], s.y()[i], false);
            }
            data.addSeries(xy);
        }
        return data;
    }

    private static XYLineAndShapeRenderer lineRenderer(int count, int firstColor, boolean dashed) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < count; i++) {
            renderer.setSeriesPaint(i, color(firstColor + i));
            renderer.setSeriesStroke(i, dashed ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {6f, 4f}, 0f) : new BasicStroke(1.6f));
        }
        keepStyle(renderer);
        return renderer;
    }

    private static XYLineAndShapeRenderer dotRenderer(int count) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < count; i++) {
            renderer.setSeriesPaint(i, color(i));
        }
        keepStyle(renderer);
        return renderer;
    }

    /** Keeps the colours and strokes set here: applying the theme otherwise clears them for its own. */
    private static void keepStyle(AbstractRenderer renderer) {
        renderer.setAutoPopulateSeriesPaint(false);
        renderer.setAutoPopulateSeriesFillPaint(false);
        renderer.setAutoPopulateSeriesStroke(false);
    }

    private static Color color(int index) {
        return PALETTE[index % PALETTE.length];
    }

    private static Figure draw(Spec spec, Plot plot, int height, boolean legend) {
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, legend);
        THEME.apply(chart);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        LegendTitle title = chart.getLegend();
        if (title != null) {
            title.setPosition(RectangleEdge.TOP);
            title.setFrame(BlockBorder.NONE);
        }
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, height);
        // Clip paths and gradients are defined by id; the figure's id keeps them apart from other figures' on the page.
        graphics.setDefsKeyPrefix(spec.id() + "-");
        chart.draw(graphics, new Rectangle2D.Double(0, 0, WIDTH, height));
        String svg = graphics.getSVGElement(spec.id() + "-svg", false, new ViewBox(0, 0, WIDTH, height), null, null)
                .replaceFirst("<svg", "<svg role=\"img\" aria-label=\"" + Html.escape(spec.title()) + "\"");
        return new Figure(spec.id(), spec.title(), spec.caption(), svg);
    }

    private static StandardChartTheme theme() {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xdddddd));
        theme.setRangeGridlinePaint(new Color(0xdddddd));
        theme.setAxisLabelPaint(new Color(0x333333));
        theme.setTickLabelPaint(new Color(0x333333));
        return theme;
    }
}
