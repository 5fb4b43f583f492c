import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, fhirFixture } from '../fhir/fixture.js';

let app: Awaited<ReturnType<typeof fhirFixture>>['app'];
beforeAll(async () => {
  ({ app } = await fhirFixture(2));
});

describe('unknown routes answer JSON, never an HTML page', () => {
  it('under /fhir: a 404 OperationOutcome', async () => {
    for (const path of ['/fhir/NoSuchType', '/fhir/Patient/a/b/c/d']) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/^application\/fhir\+json/);
      expect(res.body.resourceType, path).toBe('OperationOutcome');
      expect(res.body.issue[0].code, path).toBe('not-found');
    }
  });

  it('elsewhere: a JSON error naming the method and path', async () => {
    const paths = ['/nothing', '/edi/nothing', '/admin/nothing', '/api/nothing', '/health/nothing', '/fhirx'];
    for (const path of paths) {
      // /admin answers only an authorized caller, and then as any other unknown route.
      const res = await request(app).get(path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/^application\/json/);
      expect(res.body, path).toEqual({ error: { status: 404, message: `No route GET ${path}` } });
    }
    const post = await request(app).delete('/admin/population').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(post.status).toBe(404);
    expect(post.text).not.toContain('<html');
  });
});

describe('the site root', () => {
  it('answers a client that does not ask for HTML with a JSON index of the faces, a browser with the console', async () => {
    const json = await request(app).get('/');
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body.links).toMatchObject({ fhir: '/fhir', capabilityStatement: '/fhir/metadata', edi: '/edi', openapi: '/api/openapi.json' });
    const html = await request(app).get('/').set('Accept', 'text/html');
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
  });
});
