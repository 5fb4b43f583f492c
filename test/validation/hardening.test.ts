import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { validateResource } from '../../fhir-profiles/schema-validator.js';
import { MAX_DEPTH } from '../../fhir-profiles/json-structure.js';
import { MAX_ISSUES } from '../../fhir-profiles/issue-sink.js';

type Json = Record<string, unknown>;

const DIV = '<div xmlns="http://www.w3.org/1999/xhtml"><p>Jane Doe</p></div>';

/** A Patient whose contained Patient contains a Patient ... `depth` levels down. */
function nestedContained(depth: number): Json {
  let inner: Json = { resourceType: 'Patient' };
  for (let i = 0; i < depth; i++) inner = { resourceType: 'Patient', contained: [inner] };
  return inner;
}

const issuesOf = (resource: unknown): Array<{ path: string; message: string }> => validateResource(resource).issues;
const pathsOf = (resource: unknown): string[] => issuesOf(resource).map((i) => i.path);
const observation = (extra: Json): Json => ({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, ...extra });
const withDiv = (div: string): Json => ({ resourceType: 'Patient', text: { status: 'generated', div } });

describe('validation cost stays linear (issue 11): pathological inputs finish and are rejected', () => {
  it('rejects nested contained resources (dom-2) at every depth, including depths that used to never finish', () => {
    for (const depth of [2, 3, 4, 8, 30]) {
      const result = validateResource(nestedContained(depth));
      expect(result.valid).toBe(false);
      const dom2 = result.issues.filter((i) => i.message.startsWith('dom-2'));
      expect(dom2.map((i) => i.path)).toContain('Patient.contained[0].contained');
    }
    // One level of contained is fine.
    expect(validateResource(nestedContained(1)).issues).toEqual([]);
  });

  it('answers 10,000 non-resource objects in contained with the first 100 issues and a count of the rest', () => {
    const contained = Array.from({ length: 10_000 }, (_, i) => ({ value: i }));
    const result = validateResource({ resourceType: 'Patient', contained });
    expect(result.valid).toBe(false);
    expect(result.issues).toHaveLength(MAX_ISSUES + 1);
    expect(result.issues[0]).toEqual({ path: 'Patient.contained[0]', message: 'must be a resource (a JSON object with a resourceType)' });
    expect(result.omitted).toBeGreaterThanOrEqual(10_000 - MAX_ISSUES);
    expect(result.issues[MAX_ISSUES].message).toBe(`${result.omitted} more issues not listed (only the first ${MAX_ISSUES} are)`);
  });

  it('validates each embedded resource with its own type and names the full path', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Patient', gender: 'M' } }, { resource: { resourceType: 'Nope' } }, { resource: 'x' }],
    };
    const paths = pathsOf(bundle);
    expect(paths).toContain('Bundle.entry[0].resource.gender');
    expect(paths).toContain('Bundle.entry[1].resource.resourceType');
    expect(paths).toContain('Bundle.entry[2].resource');
    const params = { resourceType: 'Parameters', parameter: [{ name: 'r', resource: { resourceType: 'Observation', code: { text: 'x' } } }] };
    expect(pathsOf(params)).toEqual(['Parameters.parameter[0].resource.status']);
  });

  it("answers HL7's 20.8 MB Bundle-dataelements.json (froze the server 15+ minutes), also with a flaw injected", () => {
    const require = createRequire(import.meta.url);
    const file = require.resolve('hl7.fhir.r4.examples/Bundle-dataelements.json');
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as { entry: Array<{ resource: Json }> };
    expect(bundle.entry.length).toBeGreaterThan(1_000);
    expect(validateResource(bundle).issues).toEqual([]);
    bundle.entry[7].resource.contained = [nestedContained(3)];
    bundle.entry[9].resource.status = 'done';
    const result = validateResource(bundle);
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['Bundle.entry[7].resource.contained[0].contained', 'Bundle.entry[9].resource.status']));
  });

  it('refuses nesting deeper than the limit with one issue instead of overflowing the stack', () => {
    let ext: Json = { url: 'http://example.org/x', valueString: 'leaf' };
    for (let i = 0; i < 2_000; i++) ext = { url: 'http://example.org/x', extension: [ext] };
    const result = validateResource({ resourceType: 'Patient', extension: [ext] });
    expect(result.valid).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0].message).toBe(`nesting deeper than ${MAX_DEPTH} levels is not accepted`);
  });

  it('matches base64Binary in linear time (the schema pattern backtracks exponentially on whitespace)', () => {
    const attachment = (data: string): Json => ({ resourceType: 'DocumentReference', status: 'current', content: [{ attachment: { data } }] });
    expect(pathsOf(attachment(`${'AAAA  '.repeat(40)}A`))).toEqual(['DocumentReference.content[0].attachment.data']);
    expect(pathsOf(attachment('AAAA BBBB\nCCCC'))).toEqual([]);
    const ext = { resourceType: 'Patient', extension: [{ url: 'http://example.org/x', valueBase64Binary: `${'AAAA  '.repeat(40)}A` }] };
    expect(pathsOf(ext)).toEqual(['Patient.extension[0].valueBase64Binary']);
  });

  it('rejects strings over 1 MB (1024*1024 characters) but not base64Binary', () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    expect(issuesOf({ resourceType: 'Patient', name: [{ family: big }] })).toEqual([
      { path: 'Patient.name[0].family', message: "string longer than FHIR's limit of 1048576 characters (https://hl7.org/fhir/R4/datatypes.html#string)" },
    ]);
    expect(pathsOf({ resourceType: 'Patient', name: [{ family: 'x'.repeat(1024 * 1024) }] })).toEqual([]);
    expect(pathsOf({ resourceType: 'Binary', contentType: 'text/plain', data: 'QUFB'.repeat(300_000) })).toEqual([]);
  });
});

describe('accepted but invalid before issue 11: now rejected with a path', () => {
  it('rejects empty elements (ele-1), empty arrays, empty strings and nulls', () => {
    expect(issuesOf({ resourceType: 'Patient', name: [{}] })).toEqual([
      { path: 'Patient.name[0]', message: 'ele-1: All FHIR elements must have a @value or children (this element is empty)' },
    ]);
    expect(pathsOf({ resourceType: 'Patient', name: [{ id: 'a' }] })).toEqual(['Patient.name[0]']);
    expect(pathsOf({ resourceType: 'Patient', name: [] })).toEqual(['Patient.name']);
    expect(pathsOf({ resourceType: 'Patient', name: [{ family: '' }] })).toEqual(['Patient.name[0].family']);
    expect(issuesOf({ resourceType: 'Patient', gender: null })[0]).toEqual({
      path: 'Patient.gender',
      message: 'null is not allowed as a property value: leave the property out (https://hl7.org/fhir/R4/json.html)',
    });
    expect(pathsOf({ resourceType: 'Patient', name: [{ given: ['A', null] }] })).toEqual(['Patient.name[0].given[1]']);
  });

  it('accepts null in a primitive array where the _ twin carries the extension (json.html#primitive)', () => {
    const ext = { extension: [{ url: 'http://example.org/x', valueString: 'y' }] };
    expect(pathsOf({ resourceType: 'Patient', name: [{ given: ['A', null], _given: [null, ext] }] })).toEqual([]);
    expect(pathsOf({ resourceType: 'Patient', name: [{ given: ['A', null], _given: [ext, null] }] })).toEqual(['Patient.name[0].given[1]', 'Patient.name[0]._given[1]']);
  });

  it('rejects two types of one choice element', () => {
    expect(issuesOf(observation({ valueString: 'a', valueBoolean: true }))).toEqual([
      { path: 'Observation.valueBoolean', message: 'only one type of value[x] may be present, not both valueString and valueBoolean' },
    ]);
    expect(pathsOf(observation({ valueString: 'a', _valueString: { id: 'x', extension: [{ url: 'http://e.org', valueCode: 'a' }] } }))).toEqual([]);
    expect(pathsOf(observation({ effectiveDateTime: '2020-01-01', effectivePeriod: { start: '2020-01-01' } }))).toEqual(['Observation.effectivePeriod']);
  });

  it('rejects an extension with both a value and nested extensions (ext-1)', () => {
    const ext = { url: 'http://e.org/x', valueString: 'a', extension: [{ url: 'http://e.org/y', valueCode: 'b' }] };
    expect(issuesOf({ resourceType: 'Patient', extension: [ext] })).toEqual([
      { path: 'Patient.extension[0].valueString', message: 'ext-1: an extension has either extensions or a value[x], not both' },
    ]);
  });

  it('rejects a narrative that is not a FHIR XHTML div', () => {
    const bad: Array<[string, string]> = [
      ['Jane Doe', 'text outside the narrative <div>'],
      ['<p xmlns="http://www.w3.org/1999/xhtml">x</p>', 'the narrative root must be <div>'],
      ['<div>x</div>', 'must declare xmlns'],
      ['<div xmlns="http://www.w3.org/1999/xhtml"><p>x</div>', '</div> closes <p>'],
      ['<div xmlns="http://www.w3.org/1999/xhtml"><p>x</p>', '<div> is not closed'],
      ['<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div>', 'element <script> is not allowed'],
      ['<div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">x</p></div>', 'attribute onclick is not allowed'],
      ['<div xmlns="http://www.w3.org/1999/xhtml">a&nbsp;b</div>', "'&' must start"],
      ['<div xmlns="http://www.w3.org/1999/xhtml"><p class=x>a</p></div>', 'needs a quoted value'],
      ['<div xmlns="http://www.w3.org/1999/xhtml"> </div>', 'txt-2'],
      [`${DIV}<div xmlns="http://www.w3.org/1999/xhtml">b</div>`, 'content after the narrative </div>'],
    ];
    for (const [div, reason] of bad) {
      const issues = issuesOf(withDiv(div));
      expect(issues.map((i) => i.path), div).toEqual(['Patient.text.div']);
      expect(issues[0].message, div).toContain(reason);
    }
  });

  it('accepts well-formed narratives with entities, comments, images and tables', () => {
    const good = [
      DIV,
      '<div xmlns="http://www.w3.org/1999/xhtml">\n  <!-- generated --><table class="grid"><tr><td style="x">a &amp; b &#160; &#x20AC;</td></tr></table><br/></div>',
      '<div xmlns="http://www.w3.org/1999/xhtml"><img src="#a" alt="x"/></div>',
    ];
    for (const div of good) expect(pathsOf(withDiv(div)), div).toEqual([]);
  });
});

describe('valid by the spec, refused by the raw JSON Schema before issue 11', () => {
  it('accepts fhirVersion 4.0.1, U+00A0 in strings and codes, and _profile on ElementDefinition.type', () => {
    const cs = { resourceType: 'CapabilityStatement', status: 'active', date: '2020-01-01', kind: 'instance', fhirVersion: '4.0.1', format: ['json'] };
    expect(pathsOf(cs)).toEqual([]);
    expect(pathsOf({ resourceType: 'Patient', name: [{ text: 'Jane\u00a0Doe' }] })).toEqual([]);
    const sd = {
      resourceType: 'StructureDefinition', url: 'http://e.org/sd', name: 'X', status: 'draft', kind: 'resource', abstract: false, type: 'Patient',
      _baseDefinition: { extension: [{ url: 'http://e.org/x', valueString: 'y' }] }, baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Patient',
      differential: { element: [{ path: 'Patient.name', type: [{ code: 'HumanName', profile: ['http://e.org/p'], _profile: [{ extension: [{ url: 'http://e.org/x', valueBoolean: true }] }] }] }] },
    };
    expect(pathsOf(sd)).toEqual([]);
  });

  it('still rejects whitespace where the XSD patterns forbid it', () => {
    expect(pathsOf({ resourceType: 'Patient', gender: 'male ' })).toContain('Patient.gender');
    expect(pathsOf({ resourceType: 'Patient', identifier: [{ system: 'http://e.org/a b', value: '1' }] })).toEqual(['Patient.identifier[0].system']);
  });
});
