import type { Resource } from 'fhir/r4';
import type { Candidates } from './param-index.js';

/** One AND-ed condition of a search over one resource type. */
export interface Clause {
  /** About how many slots candidates() lists (Infinity: the index cannot list them). */
  estimate(): number;
  candidates(): Candidates | undefined;
  /** Whether a slot's current state meets the condition. */
  test(slot: number): boolean;
  /** Whether a version that is no longer a slot's current one meets it (absent: the condition cannot tell). */
  testVersion?(resource: Resource): boolean;
}
