import type { Extension, Identifier, Patient } from 'fhir/r4';
import type { Faker } from '@faker-js/faker';
import { CODE_SYSTEM, EXTENSION, IDENTIFIER } from './conventions.js';
import { UNPARTNERED_MARITAL_STATUS } from './data/household-composition.js';
import { OMB_ETHNICITY, OMB_RACE, OTHER_RACE, SECOND_RACE_WEIGHTS, type RaceEthnicityCell } from './data/race-ethnicity.js';
import { formatDate } from './dates.js';
import type { MemberCoverages } from './coverage.js';
import type { HouseholdProfile } from './household-profile.js';
import type { PlannedHousehold, PlannedMember } from './households.js';
import { medicalRecordNumber, patientId, ref } from './ids.js';
import type { PrimaryCare } from './primary-care.js';
import { fictionalPhone } from './phone.js';
import type { Rng } from './random.js';

/**
 * Patient demographics (https://hl7.org/fhir/R4/patient.html with the US Core race, ethnicity and
 * birth sex extensions, https://hl7.org/fhir/us/core/). Household facts come from the profile; the
 * patient's own draws come from their `rng` and the reseeded `faker`.
 */

const MARITAL = {
  M: 'Married',
  S: 'Never Married',
  D: 'Divorced',
  W: 'Widowed',
} as const;

function maritalStatus(rng: Rng, member: PlannedMember, hasSpouse: boolean): keyof typeof MARITAL {
  if (member.role === 'spouse' || (member.role === 'subscriber' && hasSpouse)) return 'M';
  if (member.role === 'child' || member.ageYears < 18) return 'S';
  const row = UNPARTNERED_MARITAL_STATUS.find((r) => member.ageYears >= r.from && member.ageYears <= r.to);
  if (!row) return 'S';
  const r = rng.next();
  return r < row.divorced ? 'D' : r < row.divorced + row.widowed ? 'W' : 'S';
}

function raceExtension(rng: Rng, cell: RaceEthnicityCell): Extension {
  const parts: Extension[] = [];
  let text: string;
  if (cell.race === 'other') {
    parts.push({ url: 'detailed', valueCoding: { system: CODE_SYSTEM.raceEthnicity, ...OTHER_RACE } });
    text = OTHER_RACE.display;
  } else if (cell.race === 'multiple') {
    // The second draw is stable per patient; multiracial children of the same parents may differ in reported combination.
    const second = OMB_RACE[rng.weighted(SECOND_RACE_WEIGHTS, (s) => s.weight).race];
    parts.push({ url: 'ombCategory', valueCoding: { system: CODE_SYSTEM.raceEthnicity, ...OMB_RACE.white } });
    parts.push({ url: 'ombCategory', valueCoding: { system: CODE_SYSTEM.raceEthnicity, ...second } });
    text = `${OMB_RACE.white.display} and ${second.display}`;
  } else {
    const omb = OMB_RACE[cell.race];
    parts.push({ url: 'ombCategory', valueCoding: { system: CODE_SYSTEM.raceEthnicity, ...omb } });
    text = omb.display;
  }
  parts.push({ url: 'text', valueString: text });
  return { url: EXTENSION.usCoreRace, extension: parts };
}

function ethnicityExtension(cell: RaceEthnicityCell): Extension {
  const omb = cell.hispanic ? OMB_ETHNICITY.hispanic : OMB_ETHNICITY.notHispanic;
  return {
    url: EXTENSION.usCoreEthnicity,
    extension: [
      { url: 'ombCategory', valueCoding: { system: CODE_SYSTEM.raceEthnicity, ...omb } },
      { url: 'text', valueString: omb.display },
    ],
  };
}

export interface PatientInput {
  household: PlannedHousehold;
  member: PlannedMember;
  profile: HouseholdProfile;
  birthDate: Date;
  coverage: MemberCoverages;
  primaryCare: PrimaryCare;
  includeAddress: boolean;
}

/** Builds the Patient (https://hl7.org/fhir/R4/patient.html). Draw order is fixed: names, marital status, race detail, telecom. */
export function buildPatient(rng: Rng, faker: Faker, input: PatientInput): Patient {
  const { household, member, profile } = input;
  const i = member.patientIndex;
  const hasSpouse = household.members.some((m) => m.role === 'spouse');
  const given = [faker.person.firstName(member.sex)];
  if (rng.chance(0.6)) given.push(faker.person.middleName(member.sex));
  const family = member.role === 'spouse' ? profile.spouseSurname : profile.surname;
  const marital = maritalStatus(rng, member, hasSpouse);
  const raceCell = member.role === 'spouse' ? profile.spouseRace : profile.subscriberRace;

  const identifier: Identifier[] = [
    {
      use: 'usual',
      type: { coding: [{ system: CODE_SYSTEM.v2IdentifierType, code: 'MR', display: 'Medical record number' }] },
      system: IDENTIFIER.mrn,
      value: medicalRecordNumber(i),
    },
  ];
  // Member ids, newest first; an ended enrollment keeps its id with the period it was valid.
  for (const e of [...input.coverage.enrollments].reverse()) {
    identifier.push({
      use: e.end === undefined ? 'official' : 'old',
      type: { coding: [{ system: CODE_SYSTEM.v2IdentifierType, code: 'MB', display: 'Member Number' }] },
      system: IDENTIFIER.memberId,
      value: e.enrollment.memberId,
      period: e.end === undefined ? { start: e.start } : { start: e.start, end: e.end },
    });
  }

  const telecom: NonNullable<Patient['telecom']> = [{ system: 'phone', value: profile.homePhone, use: 'home' }];
  if (member.ageYears >= 13) telecom.push({ system: 'phone', value: fictionalPhone(rng, profile.city), use: 'mobile' });
  if (member.ageYears >= 18) {
    const local = `${given[0]}.${family}${rng.int(1, 999)}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    telecom.push({ system: 'email', value: `${local}@example.com`, use: 'home' });
  }

  const patient: Patient = {
    resourceType: 'Patient',
    id: patientId(i),
    extension: [
      raceExtension(rng, raceCell),
      ethnicityExtension(raceCell),
      { url: EXTENSION.usCoreBirthSex, valueCode: member.sex === 'male' ? 'M' : 'F' },
      { url: EXTENSION.householdId, valueString: household.id },
      { url: EXTENSION.patientIndex, valueInteger: i },
    ],
    identifier,
    active: true,
    name: [{ use: 'official', family, given }],
    telecom,
    gender: member.sex,
    birthDate: formatDate(input.birthDate),
  };
  if (input.includeAddress) {
    patient.address = [
      {
        use: 'home',
        type: 'physical',
        line: [...profile.streetLines],
        city: profile.city.city,
        state: profile.state.code,
        postalCode: profile.city.zip,
        country: 'US',
      },
    ];
  }
  patient.maritalStatus = { coding: [{ system: CODE_SYSTEM.v3MaritalStatus, code: marital, display: MARITAL[marital] }], text: MARITAL[marital] };
  const spanish = profile.prefersSpanish && (member.role !== 'spouse' || profile.spouseRace === profile.subscriberRace);
  patient.communication = [
    {
      language: {
        coding: [spanish ? { system: CODE_SYSTEM.bcp47, code: 'es', display: 'Spanish' } : { system: CODE_SYSTEM.bcp47, code: 'en-US', display: 'English (United States)' }],
      },
      preferred: true,
    },
  ];
  patient.generalPractitioner = [{ ...ref('Practitioner', input.primaryCare.practitioner.id as string) }];
  return patient;
}
