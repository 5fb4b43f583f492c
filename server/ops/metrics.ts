import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { RequestMetrics } from './request-metrics.js';

/** The server's Prometheus metrics, in a registry of its own (so several apps in one process don't collide). */
export interface Metrics {
  registry: Registry;
  /** cdg_http_requests_total and cdg_http_request_duration_seconds. */
  http: RequestMetrics;
  x12Documents: Counter<'type' | 'direction' | 'result'>;
  sftpSessions: Counter<'result'>;
  sftpFiles: Counter<'direction' | 'type'>;
  populationResources: Gauge<'type'>;
  populationPatients: Gauge;
  generationSeconds: Gauge;
}

/** Creates the metric set; https://prometheus.io/docs/instrumenting/writing_exporters/ naming. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'cdg_' });
  const registers = [registry];
  const http = new RequestMetrics();
  http.register(registry);
  return {
    registry,
    http,
    x12Documents: new Counter({ name: 'cdg_x12_documents_total', help: 'X12 documents emitted, accepted or rejected, by transaction type', labelNames: ['type', 'direction', 'result'], registers }),
    sftpSessions: new Counter({ name: 'cdg_sftp_sessions_total', help: 'SFTP sessions by authentication result', labelNames: ['result'], registers }),
    sftpFiles: new Counter({ name: 'cdg_sftp_files_total', help: 'SFTP files uploaded or downloaded', labelNames: ['direction', 'type'], registers }),
    populationResources: new Gauge({ name: 'cdg_population_resources', help: 'Current resources in the store by type', labelNames: ['type'], registers }),
    populationPatients: new Gauge({ name: 'cdg_population_patients', help: 'Patients generated at start-up', registers }),
    generationSeconds: new Gauge({ name: 'cdg_population_generation_seconds', help: 'Seconds spent generating the population at start-up', registers }),
  };
}

/**
 * Route label from the request path: resource types and operation names kept, ids dropped, so label
 * cardinality stays bounded whatever clients send.
 */
export function routeShape(path: string): string {
  const parts = path.split('/');
  let start = 0;
  while (start < parts.length && parts[start] === '') start++;
  const head = parts[start] ?? '';
  if (head === 'fhir') {
    let shape = '/fhir';
    for (let i = start + 1, kept = 1; i < parts.length && kept < 5; i++) {
      const p = parts[i];
      if (p === '') continue;
      if (p.startsWith('$') || p === '_history' || p === '_search' || p === 'metadata') shape += `/${p}`;
      else if (kept === 1) shape += RESOURCE_TYPE.test(p) ? `/${p}` : '/:type';
      else shape += '/:id';
      kept++;
    }
    return shape;
  }
  if (head === 'edi' || head === 'admin' || head === 'health' || head === 'api') {
    const next = parts.slice(start + 1).find((p) => p !== '');
    return next === undefined ? `/${head}` : `/${head}/${next}`;
  }
  if (head === 'metrics' || head === '') return `/${head}`;
  return 'other';
}

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
