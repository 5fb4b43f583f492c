import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let types: Set<string> | undefined;

/**
 * Every R4 resource type, searchable at least by the Resource parameters (_id, _lastUpdated ...)
 * even without parameters of its own (Binary, Parameters ...). Provenance: the `fhirpath` package's
 * R4 model (`fhir-context/r4/type2Parent.json`): the types descending from Resource.
 * https://hl7.org/fhir/R4/resourcelist.html
 */
export function isR4ResourceType(type: string): boolean {
  types ??= load();
  return types.has(type);
}

function load(): Set<string> {
  const dir = dirname(createRequire(import.meta.url).resolve('fhirpath/fhir-context/r4'));
  const parents = JSON.parse(readFileSync(join(dir, 'type2Parent.json'), 'utf8')) as Record<string, string>;
  const out = new Set<string>();
  for (const name of Object.keys(parents)) {
    let t: string | undefined = name;
    for (let depth = 0; t && depth < 6; depth++) {
      if (t === 'Resource') {
        if (name !== 'DomainResource') out.add(name);
        break;
      }
      t = parents[t];
    }
  }
  return out;
}
