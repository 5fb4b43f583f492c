import type { Metric, Registry } from 'prom-client';

/** Latency buckets in seconds (Prometheus histogram `le` bounds). */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Series {
  labels: { method: string; route: string; status: string };
  count: number;
  sum: number;
  /** Non-cumulative counts per bucket; the last slot is +Inf. */
  buckets: Float64Array;
}

/** One exposition value as prom-client's registry renders it. */
interface Value {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/**
 * HTTP request count and latency by method, route shape and status, kept as plain numbers per label set and
 * rendered only when Prometheus scrapes. prom-client's Counter and Histogram hash their label object and box
 * numbers on every observation, which cost about 2% of FHIR read throughput and 0.7 KB of garbage per request
 * (bench/fhir.bench.ts). Exposed as `cdg_http_requests_total` (counter) and `cdg_http_request_duration_seconds`
 * (histogram) through prom-client's registry. https://prometheus.io/docs/concepts/metric_types/
 */
export class RequestMetrics {
  private readonly series = new Map<string, Series>();

  /** Records one finished request. */
  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (series === undefined) {
      series = { labels: { method, route, status: String(status) }, count: 0, sum: 0, buckets: new Float64Array(LATENCY_BUCKETS.length + 1) };
      this.series.set(key, series);
    }
    series.count++;
    series.sum += seconds;
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) i++;
    series.buckets[i]++;
  }

  /** Adds the two metrics to a registry (rendered from the current numbers at each scrape). */
  register(registry: Registry): void {
    registry.registerMetric(this.metric('cdg_http_requests_total', 'HTTP requests by route and status', 'counter', () => this.counterValues()));
    registry.registerMetric(this.metric('cdg_http_request_duration_seconds', 'HTTP request latency by route and status', 'histogram', () => this.histogramValues()));
  }

  private metric(name: string, help: string, type: 'counter' | 'histogram', values: () => Value[]): Metric {
    const metric = { name, help, type, aggregator: 'sum', get: async () => ({ name, help, type, aggregator: 'sum', values: values() }), reset: () => this.series.clear() };
    return metric as unknown as Metric;
  }

  private counterValues(): Value[] {
    return [...this.series.values()].map((s) => ({ labels: s.labels, value: s.count }));
  }

  private histogramValues(): Value[] {
    const values: Value[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      for (let i = 0; i <= LATENCY_BUCKETS.length; i++) {
        cumulative += s.buckets[i];
        values.push({ labels: { le: i < LATENCY_BUCKETS.length ? LATENCY_BUCKETS[i] : '+Inf', ...s.labels }, value: cumulative, metricName: 'cdg_http_request_duration_seconds_bucket' });
      }
      values.push({ labels: s.labels, value: s.sum, metricName: 'cdg_http_request_duration_seconds_sum' });
      values.push({ labels: s.labels, value: s.count, metricName: 'cdg_http_request_duration_seconds_count' });
    }
    return values;
  }
}
