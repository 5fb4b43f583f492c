import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { installFastPath, nothingAhead } from '../../server/fast-path.js';

type Stack = Parameters<typeof nothingAhead>[0];
const stackOf = (app: express.Express): Stack => (app as unknown as { router: { stack: Stack } }).router.stack;

describe('FHIR fast path', () => {
  it('is taken only when no middleware for /fhir precedes the mount', () => {
    const mounted = express.Router();
    const plain = express();
    plain.get('/health', (_req, res) => void res.end());
    plain.use('/edi', (_req, _res, next) => next());
    plain.use('/fhir', mounted);
    expect(nothingAhead(stackOf(plain), mounted, '/fhir')).toBe(true);

    const logged = express();
    logged.use((_req, _res, next) => next());
    logged.use('/fhir', mounted);
    expect(nothingAhead(stackOf(logged), mounted, '/fhir')).toBe(false);
  });

  it('lets middleware registered ahead of the mount see FHIR requests', async () => {
    for (const ahead of [false, true]) {
      const app = express();
      if (ahead) app.use((_req, res, next) => void (res.setHeader('X-Ahead', 'yes'), next()));
      const mounted = express.Router();
      mounted.use((_req, res) => void res.end('express'));
      app.use('/fhir', mounted);
      installFastPath(app, '/fhir', mounted, async (req, res) => void res.end(`fast ${req.url}`));
      const res = await request(app).get('/fhir/Patient/1').expect(200);
      expect(res.text).toBe(ahead ? 'express' : 'fast /Patient/1');
      expect(res.headers['x-ahead']).toBe(ahead ? 'yes' : undefined);
      await request(app).get('/fhirx').expect(404);
    }
  });
});
