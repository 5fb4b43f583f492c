import type { Coverage, Organization, Patient } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';

/** A request ready to send to this server as it is (path relative to the server's origin). */
export interface ReadyRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** One ready-made test subject of the current population, or why there is none. */
export interface Scenario {
  key: string;
  title: string;
  available: boolean;
  /** What the answer to `request` shows (e.g. `{ eb01: '6' }` for an inactive 271). */
  expect: Record<string, string | number | boolean>;
  /** Why the population holds no subject for it (only when unavailable). */
  unavailable?: string;
  /** Ids of the subject: patient, member, coverage, claim, EOB, payer. */
  subject?: Record<string, string>;
  request?: ReadyRequest;
}

/** What the finders read: the store now, indexed once per catalog. */
export interface ScenarioWorld {
  store: Store;
  asOf: string;
  /** Our ISA id: the receiver of the ready-made 270s. */
  ourId: string;
  /** Interchange date of the ready-made 270s (the as-of date at noon UTC, so they are reproducible). */
  documentTime: Date;
  patients: Patient[];
  /** Payer Organizations by reference (`Organization/id`). */
  payers: Map<string, Organization>;
  coveragesOf(patientId: string): Coverage[];
  /** Patients some EOB left a share to pay: the only ones who can have met a deductible or out-of-pocket maximum. */
  memberShares: Set<string>;
  /** Yields to the event loop now and then (the finders walk the population). */
  slice(): Promise<void>;
}
