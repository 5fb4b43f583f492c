import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The server's Prometheus metrics, in a registry of its own (so several apps in one process don't collide). */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
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
  return {
    registry,
    httpRequests: new Counter({ name: 'cdg_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers }),
    httpDuration: new Histogram({
      name: 'cdg_http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
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
  const parts = path.split('/').filter(Boolean);
  const head = parts[0] ?? '';
  if (head === 'fhir') {
    const shape = parts.slice(0, 5).map((p, i) => {
      if (i === 0 || p.startsWith('$') || p === '_history' || p === '_search' || p === 'metadata') return p;
      if (i === 1) return /^[A-Z][A-Za-z]{1,63}$/.test(p) ? p : ':type';
      return ':id';
    });
    return `/${shape.join('/')}`;
  }
  if (['edi', 'admin', 'health', 'api'].includes(head)) return `/${parts.slice(0, 2).join('/')}`;
  if (head === 'metrics' || head === '') return `/${head}`;
  return 'other';
}
