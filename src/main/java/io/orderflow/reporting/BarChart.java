package io.orderflow.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal bar chart laid out on the server and drawn as inline SVG by {@code reports/chart.html}: one row per
 * bar, its label left, its value right of the bar, bar lengths relative to the longest.
 */
public record BarChart(String title, int width, int height, List<Bar> bars) {

    public static final int LABEL_WIDTH = 230;
    public static final int BAR_AREA = 360;
    public static final int ROW_HEIGHT = 26;
    private static final int TEXT_AREA = 230;
    private static final int EMPTY_HEIGHT = 30;

    /** What a bar shows: {@code magnitude} decides its length, {@code text} is written beside it. */
    public record Value(String label, BigDecimal magnitude, String text, String series) {

        public static Value of(String label, long count) {
            return new Value(label, BigDecimal.valueOf(count), Long.toString(count), "");
        }
    }

    /** @param y top of the bar's row; {@code length} in user units */
    public record Bar(String label, String text, String series, int y, int length) {

        /** Where the label ends: it is right-aligned before the bar. */
        public int labelX() {
            return LABEL_WIDTH - 8;
        }

        public int barX() {
            return LABEL_WIDTH;
        }

        public int barY() {
            return y + 4;
        }

        public int valueX() {
            return LABEL_WIDTH + length + 6;
        }

        /** The baseline of label and value. */
        public int textY() {
            return y + 18;
        }
    }

    public static BarChart of(String title, List<Value> values) {
        BigDecimal max = values.stream().map(Value::magnitude).reduce(BigDecimal.ZERO, BigDecimal::max);
        List<Bar> bars = new ArrayList<>();
        for (Value value : values) {
            bars.add(new Bar(value.label(), value.text(), value.series(), bars.size() * ROW_HEIGHT, length(value.magnitude(), max)));
        }
        return new BarChart(title, LABEL_WIDTH + BAR_AREA + TEXT_AREA,
                bars.isEmpty() ? EMPTY_HEIGHT : bars.size() * ROW_HEIGHT + 4, List.copyOf(bars));
    }

    private static int length(BigDecimal magnitude, BigDecimal max) {
        if (max.signum() <= 0 || magnitude.signum() <= 0) {
            return 0;
        }
        int length = magnitude.multiply(BigDecimal.valueOf(BAR_AREA)).divide(max, 0, RoundingMode.HALF_UP).intValue();
        // a value above zero stays visible next to one a thousand times larger
        return Math.max(length, 2);
    }
}
