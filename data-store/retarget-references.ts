/**
 * Rewrites every `reference` equal to a key of `targets` (e.g. `Patient/<placeholder>`) to its value, in place.
 * A conditional write of a transaction may resolve to an existing resource after the caller pointed references
 * at a placeholder id. https://hl7.org/fhir/R4/http.html#trules
 */
export function retargetReferences(node: unknown, targets: ReadonlyMap<string, string>): void {
  if (Array.isArray(node)) {
    for (const item of node) retargetReferences(item, targets);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const obj = node as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (key === 'reference' && typeof value === 'string') {
      const target = targets.get(value);
      if (target !== undefined) obj[key] = target;
    } else if (typeof value === 'object' && value !== null) retargetReferences(value, targets);
  }
}
