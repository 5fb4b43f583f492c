import type { Resource } from 'fhir/r4';

/** mulberry32: a small seeded PRNG, so every case is reproducible from (seed, case index). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** encodeURIComponent for any string: lone surrogates (which it refuses) become U+FFFD first. */
export function encode(s: string): string {
  return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
}

export class Gen {
  constructor(readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }

  /** Strings that break parsers: control characters, surrogates, pointers, prototype names, long runs. */
  string(): string {
    const specials = ['', ' ', '\u0000', '\u00a0', '\ud800', '😀', '__proto__', 'constructor', '../..', '%', '%zz', '|', ',', '$', '\\', '"', '<div>', 'x'.repeat(1 + this.int(300))];
    if (this.chance(0.4)) return this.pick(specials);
    let s = '';
    const n = this.int(12);
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.chance(0.9) ? 32 + this.int(95) : this.int(0xffff));
    return s;
  }

  number(): number {
    return this.pick([0, -1, 1.5, 1e308, -1e-308, 2 ** 53 + 1, 123456789, this.int(1000)]);
  }

  /** Random JSON, at most `depth` deep; never a nested resource (nesting depth and contained cost are checked elsewhere). */
  json(depth = 3): unknown {
    const kind = this.int(depth > 0 ? 7 : 4);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.number();
      case 3:
        return this.string();
      case 4:
      case 5: {
        const out: Record<string, unknown> = {};
        const keys = ['id', 'value', 'url', 'reference', 'extension', '_birthDate', '__proto__', 'constructor', 'text', this.string()];
        for (let i = this.int(4); i > 0; i--) out[this.pick(keys)] = this.json(depth - 1);
        return out;
      }
      default:
        return Array.from({ length: this.int(4) }, () => this.json(depth - 1));
    }
  }

  /** A copy of `resource` with one to three random edits (delete, replace, rename, wrap, duplicate). */
  mutate(resource: Resource): Record<string, unknown> {
    const copy = structuredClone(resource) as unknown as Record<string, unknown>;
    for (let k = 1 + this.int(3); k > 0; k--) this.edit(copy);
    return copy;
  }

  private edit(root: Record<string, unknown>): void {
    // Walk down a random path of objects/arrays, then edit one member there.
    let node: Record<string, unknown> | unknown[] = root;
    for (let d = this.int(4); d > 0; d--) {
      const keys = Object.keys(node);
      if (!keys.length) break;
      const next = (node as Record<string, unknown>)[this.pick(keys)];
      if (typeof next !== 'object' || next === null) break;
      node = next as Record<string, unknown>;
    }
    const keys = Object.keys(node);
    const key = keys.length && this.chance(0.8) ? this.pick(keys) : this.pick(['resourceType', 'id', 'meta', 'text', 'extension', this.string()]);
    const target = node as Record<string, unknown>;
    switch (this.int(6)) {
      case 0:
        delete target[key];
        break;
      case 1:
        target[key] = this.json(2);
        break;
      case 2:
        target[`${key}${this.pick(['x', '_', 'Value', ''])}`] = target[key];
        delete target[key];
        break;
      case 3:
        target[key] = [target[key]];
        break;
      case 4:
        target[key] = Array.isArray(target[key]) ? [...(target[key] as unknown[]), ...(target[key] as unknown[])] : this.string();
        break;
      default:
        target[key] = typeof target[key] === 'string' ? (target[key] as string).slice(0, this.int(8)) : {};
    }
  }

  /** A JSON Patch of random operations over plausible and hostile pointers. */
  patch(): unknown {
    const paths = ['/gender', '/name/0/family', '/name/-', '/__proto__', '/__proto__/x', '/constructor/prototype', '/id', '/resourceType', '/meta', '', '/', '/name/99', '/telecom/0', `/${this.string()}`];
    return Array.from({ length: 1 + this.int(3) }, () => {
      const op: Record<string, unknown> = { op: this.pick(['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus', 5]), path: this.chance(0.9) ? this.pick(paths) : this.json(1) };
      if (this.chance(0.7)) op.value = this.json(2);
      if (this.chance(0.3)) op.from = this.pick(paths);
      return op;
    });
  }

  /** A search query of known and unknown parameters, modifiers, prefixes, OR lists and junk. */
  query(): string {
    const names = ['name', 'family', 'birthdate', 'gender', '_id', 'identifier', 'date', 'code', 'subject', 'patient', 'value-quantity', 'status', 'probability', 'period',
      '_count', '_offset', '_sort', '_include', '_revinclude', '_summary', '_elements', '_total', '_has:Observation:subject:code', 'subject.name', 'subject:Patient.birthdate', '_lastUpdated', '_type', '_snapshot', this.string()];
    const modifiers = ['', '', '', ':exact', ':missing', ':not', ':contains', ':above', ':below', ':text', ':Patient', ':iterate', `:${this.string()}`];
    const values = () => this.pick(['', 'abc', 'eq2020', 'gt2020-01-01', 'ap1', 'le-5', 'ne1e308', 'sa2020-13-45', 'http://loinc.org|8480-6', '|x', 'Patient/1', 'Patient:organization', '*', 'true', 'count', '-birthdate',
      '8480-6$gt100', '1|2|3', String(this.int(5000)), this.string()]);
    const parts: string[] = [];
    for (let i = this.int(4); i >= 0; i--) {
      const ors = Array.from({ length: 1 + (this.chance(0.2) ? this.int(6) : 0) }, values).join(',');
      parts.push(`${encode(this.pick(names) + this.pick(modifiers))}=${this.chance(0.9) ? encode(ors) : ors.replace(/[ #&%\ud800-\udfff]/g, '')}`);
    }
    return parts.join('&');
  }

  /** An X12 body damaged: truncated, a segment dropped or repeated, an element changed, delimiters swapped, or bytes flipped. */
  x12(body: string): string {
    const terminator = body[105] ?? '~';
    const segments = body.split(terminator);
    switch (this.int(6)) {
      case 0:
        return body.slice(0, this.int(body.length));
      case 1:
        segments.splice(this.int(segments.length), 1);
        return segments.join(terminator);
      case 2: {
        const i = this.int(segments.length);
        segments.splice(i, 0, segments[i] ?? '');
        return segments.join(terminator);
      }
      case 3: {
        const i = this.int(segments.length);
        const elements = (segments[i] ?? '').split(body[3] ?? '*');
        elements[this.int(elements.length)] = this.pick(['', 'X'.repeat(90), '99999999', '\u0000', this.string()]);
        segments[i] = elements.join(body[3] ?? '*');
        return segments.join(terminator);
      }
      case 4:
        return body.replaceAll(terminator, this.pick(['\n', '|', '']));
      default: {
        const chars = [...body];
        for (let k = 1 + this.int(5); k > 0; k--) chars[this.int(chars.length)] = String.fromCharCode(this.int(256));
        return chars.join('');
      }
    }
  }
}
