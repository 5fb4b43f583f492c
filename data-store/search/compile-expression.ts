import fhirpath from 'fhirpath';
import r4model from 'fhirpath/fhir-context/r4';
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

/** Element names that are choice types somewhere in R4 (value[x], effective[x], onset[x] ...). */
const CHOICE_NAMES = loadChoiceNames();

function loadChoiceNames(): Set<string> {
  const dir = dirname(createRequire(import.meta.url).resolve('fhirpath/fhir-context/r4'));
  const paths = JSON.parse(readFileSync(join(dir, 'choiceTypePaths.json'), 'utf8')) as Record<string, unknown>;
  return new Set(Object.keys(paths).map((p) => p.slice(p.lastIndexOf('.') + 1)));
}

type Step = (inputs: unknown[]) => unknown[];
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
    const step = compileNode(fhirpath.parse(expression) as AstNode, true);
    compiled = { extract: (input) => step([input]), fast: true };
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    const fn = fhirpath.compile(expression, r4model);
    compiled = {
      extract: (input) => {
        try {
          return fn(input as object) as unknown[];
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

function compileNode(node: AstNode, atRoot: boolean): Step {
  const kids = node.children ?? [];
  switch (node.type) {
    case 'EntireExpression':
    case 'TermExpression':
    case 'ParenthesizedTerm':
    case 'InvocationTerm':
      if (kids.length !== 1) throw new Unsupported(node.type);
      return compileNode(kids[0], atRoot);
    case 'UnionExpression': {
      const a = compileNode(kids[0], atRoot);
      const b = compileNode(kids[1], atRoot);
      return (inputs) => [...a(inputs), ...b(inputs)];
    }
    case 'MemberInvocation':
      return memberStep(identifierOf(node), atRoot);
    case 'InvocationExpression': {
      const [inputNode, invocation] = kids;
      if (invocation.type === 'FunctionInvocation') return functionStep(inputNode, invocation);
      if (invocation.type !== 'MemberInvocation') throw new Unsupported(invocation.type);
      const input = compileNode(inputNode, atRoot);
      const member = memberStep(identifierOf(invocation), false);
      return (inputs) => member(input(inputs));
    }
    case 'TypeExpression':
      if (node.text !== 'as') throw new Unsupported('is');
      return asStep(kids[0], typeName(kids[1]));
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

/** A leading capitalised identifier is a type filter (`Patient.x`); otherwise a child element. */
function memberStep(name: string, atRoot: boolean): Step {
  if (atRoot && /^[A-Z]/.test(name)) {
    if (name === 'Resource' || name === 'DomainResource') return (inputs) => inputs;
    return (inputs) => inputs.filter((r) => (r as { resourceType?: string })?.resourceType === name);
  }
  const isChoice = CHOICE_NAMES.has(name);
  return (inputs) => {
    const out: unknown[] = [];
    for (const input of inputs) {
      if (input === null || typeof input !== 'object') continue;
      const rec = input as Record<string, unknown>;
      const v = rec[name];
      if (v !== undefined) push(out, v);
      else if (isChoice) {
        for (const key in rec) {
          if (key.length > name.length && key.startsWith(name) && /[A-Z]/.test(key[name.length])) push(out, rec[key]);
        }
      }
    }
    return out;
  };
}

function push(out: unknown[], v: unknown): void {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && x !== undefined) out.push(x);
  } else if (v !== null) out.push(v);
}

/** `x.choice as T` / `x.choice.as(T)` / `ofType(T)`: read the `choiceT` JSON property. */
function asStep(inputNode: AstNode, type: string): Step {
  let memberNode: AstNode | undefined;
  let parent: Step;
  if (inputNode.type === 'InvocationExpression' && inputNode.children?.[1]?.type === 'MemberInvocation') {
    memberNode = inputNode.children[1];
    parent = compileNode(inputNode.children[0], true);
  } else if (inputNode.type === 'TermExpression' && inputNode.children?.[0]?.children?.[0]?.type === 'MemberInvocation') {
    memberNode = inputNode.children[0].children[0];
    parent = (inputs) => inputs;
  } else throw new Unsupported('as on non-member');
  const name = identifierOf(memberNode);
  if (!CHOICE_NAMES.has(name)) throw new Unsupported('as on non-choice');
  const key = name + type[0].toUpperCase() + type.slice(1);
  return (inputs) => {
    const out: unknown[] = [];
    for (const input of parent(inputs)) {
      if (input && typeof input === 'object') {
        const v = (input as Record<string, unknown>)[key];
        if (v !== undefined) push(out, v);
      }
    }
    return out;
  };
}

function functionStep(inputNode: AstNode, invocation: AstNode): Step {
  const fn = invocation.children?.[0];
  const name = fn?.children?.[0]?.text;
  const params = fn?.children?.[1]?.children ?? [];
  if ((name === 'as' || name === 'ofType') && params.length === 1) {
    return asStep(inputNode, typeName(params[0]));
  }
  if (name === 'where' && params.length === 1) {
    const input = compileNode(inputNode, true);
    const filter = whereFilter(params[0]);
    return (inputs) => input(inputs).filter(filter);
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
