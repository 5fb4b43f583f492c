import type { Request, Response } from 'express';

/**
 * `GET /` for a client that does not ask for HTML (curl, scripts): where everything is, as JSON. A browser gets
 * the web console, which answers first.
 */
export function rootIndex(version: string, bases: { fhir: string; edi: string }) {
  return (_req: Request, res: Response): void => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      name: 'clinical-data-generator',
      version,
      links: {
        fhir: bases.fhir,
        capabilityStatement: `${bases.fhir}/metadata`,
        edi: bases.edi,
        console: '/',
        openapi: '/api/openapi.json',
        docs: '/api/docs',
        health: '/health',
      },
    });
  };
}
