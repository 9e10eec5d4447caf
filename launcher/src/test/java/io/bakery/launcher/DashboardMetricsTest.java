package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardMetricsTest {

    @Test
    void shouldFindTheMetricWhenAQueryAggregatesARate() {
        assertThat(DashboardMetrics.metricNames(
                "sum by (client, outcome) (rate(bakery_gateway_hits_total{endpoint=\"sync\"}[$__rate_interval]))"))
                .containsExactly("bakery_gateway_hits_total");
    }

    @Test
    void shouldFindEveryMetricWhenAQueryCombinesSeveral() {
        assertThat(DashboardMetrics.metricNames(
                "max by (client) (bakery_client_records_matched) / on (client) max by (client) (bakery_client_records)"))
                .containsExactlyInAnyOrder("bakery_client_records_matched", "bakery_client_records");
    }

    @Test
    void shouldIgnoreLabelsNumbersAndVariablesWhenAQueryUsesThem() {
        assertThat(DashboardMetrics.metricNames("histogram_quantile(0.99, sum by (le) (rate("
                + "bakery_gateway_request_duration_seconds_bucket{route=~\"$route\", status!=\"500\"}[5m])))"))
                .containsExactly("bakery_gateway_request_duration_seconds_bucket");
    }

    @Test
    void shouldTakeOnlyTheMetricWhenAVariableListsLabelValues() {
        assertThat(DashboardMetrics.metricNames("label_values(bakery_client_records, client)"))
                .containsExactly("bakery_client_records");
    }

    @Test
    void shouldReadSampleNamesWhenParsingAnExposition() {
        final String exposition = "# HELP a_total x\n# TYPE a_total counter\na_total{client=\"acme\"} 1.0\n"
                + "b_seconds_bucket{le=\"0.1\"} 2\nc 3.0\n";

        assertThat(DashboardMetrics.exposedNames(exposition))
                .containsExactlyInAnyOrder("a_total", "b_seconds_bucket", "c");
    }
}
