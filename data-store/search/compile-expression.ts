import type * as FhirPath from 'fhirpath';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Pulls the values a search parameter expression selects from a resource (or element). */
export type Extractor = (input: unknown) => unknown[];

export interface CompiledExpression {
  extract: Extractor;
  /** True when turned into plain JS; false when it runs through fhirpath.evaluate. */
  fast: boolean;
}

const require = createRequire(import.meta.url);

/**
 * fhirpath and its R4 model, loaded on the first compile (or by loadSearchEngine) rather than when this module is
 * imported (a tenth of a second of module loading, one synchronous step); choiceNames: element names that are choice types
 * somewhere in R4 (value[x], effective[x], onset[x] ...).
 */
let loaded: { fhirpath: typeof FhirPath; r4model: Parameters<typeof FhirPath.compile>[1]; choiceNames: Set<string> } | undefined;

/**
 * Loads the FHIRPath engine now: a server calls it before it is ready, so that no search pays the ~0.1 s of
 * module loading while other requests wait (issue 11: no step holds the event loop for more than ~100 ms).
 * https://hl7.org/fhir/R4/search.html#table
 */
export function loadSearchEngine(): void {
  fhirpathLib();
}

/** Whether the FHIRPath engine is loaded (see loadSearchEngine). */
export function searchEngineLoaded(): boolean {
  return loaded !== undefined;
}

function fhirpathLib(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const dir = dirname(require.resolve('fhirpath/fhir-context/r4'));
  const paths = JSON.parse(readFileSync(join(dir, 'choiceTypePaths.json'), 'utf8')) as Record<string, unknown>;
  loaded = {
    fhirpath: require('fhirpath') as typeof FhirPath,
    r4model: require('fhirpath/fhir-context/r4') as Parameters<typeof FhirPath.compile>[1],
    choiceNames: new Set(Object.keys(paths).map((p) => p.slice(p.lastIndexOf('.') + 1))),
  };
  return loaded;
}

/** Receives each selected value; compiled steps call their continuation instead of building arrays. */
type Sink = (value: unknown, out: unknown[]) => void;
interface AstNode {
  type: string;
  text?: string;
  children?: AstNode[];
}

class Unsupported extends Error {}

const cache = new Map<string, CompiledExpression>();

/**
 * Compiles a search parameter FHIRPath expression (https://hl7.org/fhir/R4/fhirpath.html) into a JS
 * extractor. Simple shapes (paths, `|`, `as`/`ofType`, `where(resolve() is X)`, `where(prop='x')`)
 * become direct property reads; anything else falls back to fhirpath.evaluate with the R4 model.
 */
export function compileExpression(expression: string): CompiledExpression {
  const hit = cache.get(expression);
  if (hit) return hit;
  let compiled: CompiledExpression;
  try {
    const sink = compileNode(fhirpathLib().fhirpath.parse(expression) as AstNode, true, (v, out) => {
      out.push(v);
    });
    compiled = {
      extract: (input) => {
        const out: unknown[] = [];
        sink(input, out);
        return out;
      },
      fast: true,
    };
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    const { fhirpath, r4model } = fhirpathLib();
    const fn = fhirpath.compile(expression, r4model);
    compiled = {
      extract: (input) => {
        try {
          // fhirpath marks each object it returns (a __path__ property), which a frozen stored version refuses: it
          // would throw, and the resource would be left out of the index. So a frozen input is evaluated as a copy.
          return fn((Object.isFrozen(input) ? structuredClone(input) : input) as object) as unknown[];
        } catch {
          return [];
        }
      },
      fast: false,
    };
  }
  cache.set(expression, compiled);
  return compiled;
}

function compileNode(node: AstNode, atRoot: boolean, next: Sink): Sink {
  const kids = node.children ?? [];
  switch (node.type) {
    case 'EntireExpression':
    case 'TermExpression':
    case 'ParenthesizedTerm':
    case 'InvocationTerm':
      if (kids.length !== 1) throw new Unsupported(node.type);
      return compileNode(kids[0], atRoot, next);
    case 'UnionExpression': {
      const a = compileNode(kids[0], atRoot, next);
      const b = compileNode(kids[1], atRoot, next);
      return (v, out) => {
        a(v, out);
        b(v, out);
      };
    }
    case 'MemberInvocation':
      return memberSink(identifierOf(node), atRoot, next);
    case 'InvocationExpression': {
      const [inputNode, invocation] = kids;
      if (invocation.type === 'FunctionInvocation') return functionSink(inputNode, invocation, next);
      if (invocation.type !== 'MemberInvocation') throw new Unsupported(invocation.type);
      return compileNode(inputNode, atRoot, memberSink(identifierOf(invocation), false, next));
    }
    case 'TypeExpression':
      if (node.text !== 'as') throw new Unsupported('is');
      return asSink(kids[0], typeName(kids[1]), next);
    default:
      throw new Unsupported(node.type);
  }
}

function identifierOf(node: AstNode): string {
  const id = node.children?.[0];
  if (!id || id.type !== 'Identifier' || !id.text) throw new Unsupported('identifier');
  return id.text.replace(/^`|`$/g, '');
}

function typeName(node: AstNode): string {
  const text = node.text ?? node.children?.[0]?.text;
  if (!text) throw new Unsupported('type');
  return text.replace(/^(FHIR|System)\./, '');
}

/** Passes each item of a JSON value (arrays flattened, nulls dropped) on. */
function each(x: unknown, next: Sink, out: unknown[]): void {
  if (Array.isArray(x)) {
    for (const e of x) if (e !== null && e !== undefined) next(e, out);
  } else if (x !== null && x !== undefined) next(x, out);
}

/** A leading capitalised identifier is a type filter (`Patient.x`); otherwise a child element. */
function memberSink(name: string, atRoot: boolean, next: Sink): Sink {
  if (atRoot && /^[A-Z]/.test(name)) {
    if (name === 'Resource' || name === 'DomainResource') return next;
    return (v, out) => {
      if ((v as { resourceType?: string } | null)?.resourceType === name) next(v, out);
    };
  }
  const isChoice = fhirpathLib().choiceNames.has(name);
  return (v, out) => {
    if (v === null || typeof v !== 'object') return;
    const rec = v as Record<string, unknown>;
    const x = rec[name];
    if (x !== undefined) each(x, next, out);
    else if (isChoice) {
      for (const key in rec) {
        if (key.length > name.length && key.startsWith(name) && /[A-Z]/.test(key[name.length])) each(rec[key], next, out);
      }
    }
  };
}

/** `x.choice as T` / `x.choice.as(T)` / `ofType(T)`: read the `choiceT` JSON property. */
function asSink(inputNode: AstNode, type: string, next: Sink): Sink {
  let memberNode: AstNode | undefined;
  let parentNode: AstNode | undefined;
  if (inputNode.type === 'InvocationExpression' && inputNode.children?.[1]?.type === 'MemberInvocation') {
    memberNode = inputNode.children[1];
    parentNode = inputNode.children[0];
  } else if (inputNode.type === 'TermExpression' && inputNode.children?.[0]?.children?.[0]?.type === 'MemberInvocation') {
    memberNode = inputNode.children[0].children[0];
  } else throw new Unsupported('as on non-member');
  const name = identifierOf(memberNode);
  if (!fhirpathLib().choiceNames.has(name)) throw new Unsupported('as on non-choice');
  const key = name + type[0].toUpperCase() + type.slice(1);
  const read: Sink = (v, out) => {
    if (v && typeof v === 'object') each((v as Record<string, unknown>)[key], next, out);
  };
  return parentNode ? compileNode(parentNode, true, read) : read;
}

function functionSink(inputNode: AstNode, invocation: AstNode, next: Sink): Sink {
  const fn = invocation.children?.[0];
  const name = fn?.children?.[0]?.text;
  const params = fn?.children?.[1]?.children ?? [];
  if ((name === 'as' || name === 'ofType') && params.length === 1) {
    return asSink(inputNode, typeName(params[0]), next);
  }
  if (name === 'where' && params.length === 1) {
    const filter = whereFilter(params[0]);
    return compileNode(inputNode, true, (v, out) => {
      if (filter(v)) next(v, out);
    });
  }
  throw new Unsupported(`function ${String(name)}`);
}

/** `where(resolve() is Type)` and `where(prop = 'literal')`. */
function whereFilter(cond: AstNode): (v: unknown) => boolean {
  const kids = cond.children ?? [];
  if (cond.type === 'TypeExpression' && cond.text === 'is') {
    const inner = kids[0]?.children?.[0]?.children?.[0];
    if (inner?.type === 'FunctionInvocation' && inner.children?.[0]?.children?.[0]?.text === 'resolve') {
      const target = typeName(kids[1]);
      return (v) => isReferenceTo(v, target);
    }
  }
  if (cond.type === 'EqualityExpression' && cond.text === '=') {
    const member = kids[0]?.children?.[0]?.children?.[0];
    const term = kids[1]?.children?.[0];
    const literal = term?.type === 'LiteralTerm' ? term.children?.[0] : term;
    if (member?.type === 'MemberInvocation' && literal?.type === 'StringLiteral' && literal.text) {
      const prop = identifierOf(member);
      const value = literal.text.slice(1, -1).replace(/\\'/g, "'");
      return (v) => !!v && typeof v === 'object' && (v as Record<string, unknown>)[prop] === value;
    }
  }
  throw new Unsupported('where condition');
}

/** Whether a Reference points at a resource of `type`; a cheap check for relative `Type/id` first. */
function isReferenceTo(v: unknown, type: string): boolean {
  const ref = (v as { reference?: unknown } | null)?.reference;
  if (typeof ref === 'string' && ref.length > type.length + 1 && ref.charCodeAt(type.length) === 47 && ref.startsWith(type) && ref.indexOf('/', type.length + 1) < 0) {
    return true;
  }
  return referenceType(v) === type;
}

/** The resource type a Reference points at (from `reference` or `type`). */
export function referenceType(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const ref = (v as { reference?: string; type?: string });
  if (typeof ref.reference === 'string') {
    const m = /(?:^|\/)([A-Z][A-Za-z]+)\/[^/]+(?:\/_history\/[^/]+)?$/.exec(ref.reference);
    if (m) return m[1];
  }
  return ref.type;
}
