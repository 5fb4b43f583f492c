/**
 * Rules of the FHIR JSON format that hold for every element whatever its type, checked in one iterative pass
 * (no recursion, so no input can exhaust the stack; each node is visited once, so the cost is linear):
 * - nesting deeper than `MAX_DEPTH` is refused before any other validation runs;
 * - ele-1 "All FHIR elements must have a @value or children" (https://hl7.org/fhir/R4/conformance-rules.html#constraints)
 *   and https://hl7.org/fhir/R4/json.html: no empty objects (or ones holding only an `id`), empty arrays, empty
 *   strings, and no `null` except inside an array of primitives whose `_name` twin has something at that index;
 * - dom-2 "If the resource is contained in another resource, it SHALL NOT contain nested Resources"
 *   (https://hl7.org/fhir/R4/domainresource.html#invs).
 */
import type { IssueSink } from './issue-sink.js';

/**
 * JSON nesting limit for a resource. The deepest official R4 example nests 15 levels (Bundle > entry > resource >
 * snapshot > element ...); 100 leaves room for deep Questionnaire items and extensions on extensions.
 */
export const MAX_DEPTH = 100;

const SPEC = 'https://hl7.org/fhir/R4/json.html';

/** Also used for the schema's `minLength` error, so the two collapse into one issue. */
export const EMPTY_STRING = `an empty string is not allowed: leave the property out (${SPEC})`;

interface Frame {
  value: unknown;
  parent: Frame | undefined;
  /** Property name or array index in the parent. */
  key: string | number;
  depth: number;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `Patient.name[0].given` for a frame (built only when an issue is reported). */
export function framePath(frame: Frame): string {
  const parts: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) parts.push(typeof f.key === 'number' ? `[${f.key}]` : `.${f.key}`);
  let out = '';
  for (let i = parts.length - 1; i >= 0; i--) out += parts[i];
  return out;
}

/** True when the twin array (`name` for `_name` and back) holds a non-null value at `index`. */
function twinHasValue(parent: Frame | undefined, key: string | number, index: number): boolean {
  if (!parent || typeof key !== 'string' || !isObject(parent.value)) return false;
  const twin = parent.value[key.startsWith('_') ? key.slice(1) : `_${key}`];
  return Array.isArray(twin) && twin[index] !== null && twin[index] !== undefined;
}

function checkObject(frame: Frame, node: Json, report: (frame: Frame, message: string) => void): void {
  const keys = Object.keys(node);
  if (keys.length === 0 || (keys.length === 1 && keys[0] === 'id')) {
    report(frame, 'ele-1: All FHIR elements must have a @value or children (this element is empty)');
  }
  // dom-2: only a resource found in a `contained` array is itself contained.
  if (node.contained !== undefined && frame.parent && Array.isArray(frame.parent.value) && frame.parent.key === 'contained') {
    report({ value: node.contained, parent: frame, key: 'contained', depth: frame.depth + 1 },
      'dom-2: a contained resource SHALL NOT contain contained resources (https://hl7.org/fhir/R4/domainresource.html#invs)');
  }
}

/** Pushes the children of a container onto the stack, reporting empty/null leaves on the way. */
function visit(frame: Frame, stack: Frame[], report: (frame: Frame, message: string) => void): void {
  const { value } = frame;
  if (Array.isArray(value)) {
    if (value.length === 0) report(frame, `an empty array is not allowed: leave the property out (${SPEC})`);
    for (let i = value.length - 1; i >= 0; i--) {
      const item: unknown = value[i];
      if (item === null) {
        if (!twinHasValue(frame.parent, frame.key, i)) {
          report({ value: item, parent: frame, key: i, depth: frame.depth + 1 }, `null is allowed in an array only where the matching _${String(frame.key).replace(/^_/, '')} array has a value (${SPEC}#primitive)`);
        }
      } else stack.push({ value: item, parent: frame, key: i, depth: frame.depth + 1 });
    }
    return;
  }
  if (isObject(value)) {
    checkObject(frame, value, report);
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const child = value[keys[i]];
      const childFrame: Frame = { value: child, parent: frame, key: keys[i], depth: frame.depth + 1 };
      if (child === null) report(childFrame, `null is not allowed as a property value: leave the property out (${SPEC})`);
      else stack.push(childFrame);
    }
    return;
  }
  if (value === '') report(frame, EMPTY_STRING);
}

/**
 * Checks the type-independent JSON rules of a resource (see the file header). Returns false when the nesting
 * limit was hit: the resource must then not be walked by anything recursive.
 */
export function checkJsonStructure(resource: Json, sink: IssueSink): boolean {
  const root = resource.resourceType as string;
  const report = (frame: Frame, message: string): void => sink.add({ path: `${root}${framePath(frame)}`, message });
  const stack: Frame[] = [{ value: resource, parent: undefined, key: '', depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.depth > MAX_DEPTH) {
      report(frame, `nesting deeper than ${MAX_DEPTH} levels is not accepted`);
      return false;
    }
    visit(frame, stack, report);
  }
  return true;
}
