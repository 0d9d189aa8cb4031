package io.orderflow.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The rules behind the figures, where their edges are: bucket bounds, medians, CSV quoting. */
class ReportArithmeticTest {

    @Test
    void eachDiscountBucketIncludesItsUpperBound() {
        assertThat(ReportService.bucket(new BigDecimal("0"))).isZero();
        assertThat(ReportService.bucket(new BigDecimal("5.00"))).isZero();
        assertThat(ReportService.bucket(new BigDecimal("5.01"))).isEqualTo(1);
        assertThat(ReportService.bucket(new BigDecimal("10"))).isEqualTo(1);
        assertThat(ReportService.bucket(new BigDecimal("20"))).isEqualTo(2);
        assertThat(ReportService.bucket(new BigDecimal("30.00"))).isEqualTo(3);
        assertThat(ReportService.bucket(new BigDecimal("30.01"))).isEqualTo(4);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwoRoundedHalfUpToATenthOfAnHour() {
        assertThat(ReportService.medianHours(List.of())).isNull();
        assertThat(ReportService.medianHours(hours(3, 1, 2))).isEqualByComparingTo("2.0");
        assertThat(ReportService.medianHours(List.of(Duration.ofHours(72), Duration.ofMinutes(270))))
                .isEqualByComparingTo("38.3");
        assertThat(ReportService.medianHours(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2)))).isEqualByComparingTo("0.0");
    }

    @Test
    void conversionIsAPercentWithOneDecimal() {
        assertThat(ReportService.percent(4, 12)).isEqualByComparingTo("33.3");
        assertThat(ReportService.percent(2, 3)).isEqualByComparingTo("66.7");
        assertThat(ReportService.percent(0, 2)).isEqualByComparingTo("0.0");
    }

    @Test
    void csvQuotesFieldsWithCommasQuotesAndLineBreaksAndEndsEveryRecordWithCrLf() {
        ReportTable table = new ReportTable("t", "T", "", List.of("name", "count"),
                List.of(List.of("Review, then \"approve\"", "2"), List.of("two\nlines", "1"), List.of("plain", "0")),
                BarChart.of("T", List.of()));

        assertThat(Csv.of(table)).isEqualTo("name,count\r\n\"Review, then \"\"approve\"\"\",2\r\n\"two\nlines\",1\r\nplain,0\r\n");
    }

    @Test
    void barsScaleToTheLongestAndAnEmptyChartStillHasItsFrame() {
        BarChart chart = BarChart.of("c", List.of(BarChart.Value.of("a", 10), BarChart.Value.of("b", 5),
                BarChart.Value.of("c", 0), BarChart.Value.of("d", 1)));

        assertThat(chart.bars()).extracting(BarChart.Bar::length).containsExactly(BarChart.BAR_AREA, BarChart.BAR_AREA / 2, 0, 36);
        assertThat(chart.bars()).extracting(BarChart.Bar::y).containsExactly(0, 26, 52, 78);
        assertThat(BarChart.of("empty", List.of()).height()).isPositive();
    }

    private static List<Duration> hours(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofHours).toList();
    }
}
