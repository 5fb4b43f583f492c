import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createEdi } from '../../edi/gateway.js';
import { createEdiRouter } from '../../server/edi/router.js';
import { GOLDEN_CONFIG, build837P, goldenStore, segmentsOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cdg-edi-http-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function appWith(dataDir: string): Promise<express.Express> {
  const store = await goldenStore();
  const app = express();
  app.use('/edi', createEdiRouter({ store, dataDir, asOf: GOLDEN_CONFIG.asOf, clock: () => new Date('2026-01-01T12:00:00Z') }));
  return app;
}

describe('control numbers over HTTP', () => {
  it('ISA13/GS06/ST02 are unique and increasing, also after a restart with the same data dir', async () => {
    const first = await appWith(dir);
    const seen: number[] = [];
    for (const path of ['/edi/834', '/edi/837?type=P', '/edi/835', '/edi/837?type=I']) {
      const res = await request(first).get(path);
      expect(res.status).toBe(200);
      const segs = segmentsOf(res.text);
      const isa13 = Number(segs[0][13]);
      expect(Number(res.headers['x-x12-control-number'])).toBe(isa13);
      expect(Number(segs.find((s) => s[0] === 'GS')?.[6])).toBe(isa13);
      seen.push(isa13, ...segs.filter((s) => s[0] === 'ST').map((s) => Number(s[2])));
    }
    expect(JSON.parse(readFileSync(join(dir, 'edi-control-numbers.json'), 'utf8')).reservedThrough).toBeGreaterThanOrEqual(Math.max(...seen));
    const restarted = await appWith(dir);
    const after = Number(segmentsOf((await request(restarted).get('/edi/834')).text)[0][13]);
    const all = [...seen, after];
    expect(new Set(all).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) expect(all[i]).toBeGreaterThan(all[i - 1]);
  });
});

describe('envelope answers', () => {
  it('a sender asking for an interchange acknowledgment (ISA14 = 1) gets TA1 A/000 besides the 999', async () => {
    const app = await appWith(join(dir, 'ack'));
    const text = build837P([], 777).replace(/\*0\*T\*:~/, '*1*T*:~');
    const res = await request(app).post('/edi/837').send(text);
    expect(res.headers['x-edi-documents']).toMatch(/^TA1:\d{9},999:\d{9}$/);
    expect(segmentsOf(res.text).find((s) => s[0] === 'TA1')?.slice(1)).toEqual(['000000777', '260101', '1200', 'A', '000']);
  });

  it('takes a partner TA1 (an interchange without groups) quietly', async () => {
    const app = await appWith(join(dir, 'ta1'));
    const ours = await request(app).get('/edi/834');
    const control = segmentsOf(ours.text)[0][13];
    const isa = ours.text.slice(0, 106).replace('CDGHEALTHPLAN  *ZZ*CDGPARTNER     ', 'CDGPARTNER     *ZZ*CDGHEALTHPLAN  ');
    const ta1 = `${isa}\nTA1*${control}*260101*1200*A*000~\nIEA*0*${segmentsOf(ours.text)[0][13]}~\n`;
    const res = await request(app).post('/edi/837').send(ta1);
    expect(res.status).toBe(200);
    expect(res.headers['x-edi-documents']).toBe('');
  });

  it('answers 400 with an OperationOutcome for bad query parameters', async () => {
    const app = await appWith(join(dir, 'q'));
    expect((await request(app).get('/edi/837?type=X')).status).toBe(400);
    const res = await request(app).get('/edi/835?since=yesterday');
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });
});

describe('control numbers that cannot be reserved', () => {
  it('GET of a document answers 503 with an OperationOutcome and Retry-After, and no document', async () => {
    const store = await goldenStore();
    const unreachable = { take: () => Promise.reject(new Error('database down')) };
    const edi = createEdi(store, { asOf: GOLDEN_CONFIG.asOf, controlNumbers: unreachable });
    const app = express();
    app.use('/edi', createEdiRouter({ store, edi }));
    const res = await request(app).get('/edi/834').expect(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.issue[0]).toMatchObject({ code: 'transient', diagnostics: expect.stringContaining('database down') });
  });

  it('POST of an 837 answers 503 with Retry-After and stores nothing, so a retry does not duplicate claims', async () => {
    const store = await goldenStore();
    const { text } = await createEdi(store, { asOf: GOLDEN_CONFIG.asOf }).emit('837P');
    const unreachable = { take: () => Promise.reject(new Error('database down')) };
    const edi = createEdi(store, { asOf: GOLDEN_CONFIG.asOf, controlNumbers: unreachable });
    const app = express();
    app.use('/edi', createEdiRouter({ store, edi }));
    const claimsBefore = store.counts().Claim;
    const res = await request(app).post('/edi/837').type('application/edi-x12').send(text).expect(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.issue[0]).toMatchObject({ code: 'transient', diagnostics: expect.stringContaining('database down') });
    expect(store.counts().Claim).toBe(claimsBefore);
  });
});
