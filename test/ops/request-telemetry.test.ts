import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createAccessLog } from '../../server/ops/access-log.js';
import { LineBatcher } from '../../server/ops/line-batcher.js';
import { createLogger } from '../../server/ops/logger.js';
import { RequestIds } from '../../server/ops/request-ids.js';
import { LATENCY_BUCKETS, RequestMetrics } from '../../server/ops/request-metrics.js';

describe('request metrics', () => {
  it('renders counts, cumulative latency buckets, sum and count per label set in the Prometheus text format', async () => {
    const registry = new Registry();
    const metrics = new RequestMetrics();
    metrics.register(registry);
    metrics.record('GET', '/fhir/Patient/:id', 200, 0.0004);
    metrics.record('GET', '/fhir/Patient/:id', 200, 0.003);
    metrics.record('GET', '/fhir/Patient/:id', 200, 9);
    metrics.record('GET', '/fhir/Patient/:id', 404, 0.0009);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE cdg_http_requests_total counter');
    expect(text).toContain('cdg_http_requests_total{method="GET",route="/fhir/Patient/:id",status="200"} 3');
    expect(text).toContain('cdg_http_requests_total{method="GET",route="/fhir/Patient/:id",status="404"} 1');
    expect(text).toContain('# TYPE cdg_http_request_duration_seconds histogram');
    const bucket = (le: string, status = '200') => text.match(new RegExp(`cdg_http_request_duration_seconds_bucket\\{le="${le.replace(/[+.]/g, '\\$&')}",method="GET",route="/fhir/Patient/:id",status="${status}"\\} (\\d+)`))?.[1];
    expect(bucket('0.0005')).toBe('1');
    expect(bucket('0.001')).toBe('1');
    expect(bucket('0.005')).toBe('2');
    expect(bucket('5')).toBe('2');
    expect(bucket('+Inf')).toBe('3');
    expect(bucket('0.001', '404')).toBe('1');
    expect(text).toContain('cdg_http_request_duration_seconds_count{method="GET",route="/fhir/Patient/:id",status="200"} 3');
    expect(text).toMatch(/cdg_http_request_duration_seconds_sum\{method="GET",route="\/fhir\/Patient\/:id",status="200"\} 9\.0034/);
    expect(text.match(/_bucket\{/g)).toHaveLength(2 * (LATENCY_BUCKETS.length + 1));
  });
});

describe('request ids', () => {
  it('are UUID-shaped, distinct and differ between runs', () => {
    const a = new RequestIds();
    const ids = Array.from({ length: 1000 }, () => a.next());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(1000);
    expect(new RequestIds().next()).not.toBe(ids[0]);
  });
});

describe('access log', () => {
  function capture() {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
    return { lines, sink };
  }

  it('writes the same JSON line pino would, with quoting for method and route', () => {
    const { lines, sink } = capture();
    const logger = createLogger({ level: 'info', destination: sink });
    createAccessLog(logger)!({ reqId: 'abc-1', method: 'GET', route: '/fhir/Patient/$x"y', status: 200, ms: 1.25 });
    logger.info({ reqId: 'abc-1', method: 'GET', route: '/fhir/Patient/$x"y', status: 200, ms: 1.25 }, 'request');
    const [ours, pinos] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect({ ...ours, time: 0 }).toEqual({ ...pinos, time: 0 });
    expect(ours).toMatchObject({ level: 30, route: '/fhir/Patient/$x"y', msg: 'request' });
  });

  it('is off above the info level', () => {
    const { sink } = capture();
    expect(createAccessLog(createLogger({ level: 'warn', destination: sink }))).toBeUndefined();
  });
});

describe('line batcher', () => {
  it('hands lines on in order as one chunk once the size is reached, and the rest on flush', () => {
    const chunks: string[] = [];
    let synced = 0;
    const batcher = new LineBatcher({ write: (c) => chunks.push(c), flushSync: () => synced++ }, 10);
    batcher.write('aaaa\n');
    expect(chunks).toEqual([]);
    batcher.write('bbbbbb\n');
    expect(chunks).toEqual(['aaaa\nbbbbbb\n']);
    batcher.write('c\n');
    let called = false;
    batcher.flush(() => (called = true));
    expect(chunks).toEqual(['aaaa\nbbbbbb\n', 'c\n']);
    expect(synced).toBe(1);
    expect(called).toBe(true);
  });
});
