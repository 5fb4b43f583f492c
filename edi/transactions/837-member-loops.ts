import type { Coverage, Organization } from 'fhir/r4';
import type { ClaimParties } from '../fhir/claim-view.js';
import { coverageClass, memberIdOf } from '../fhir/projection.js';
import { x12Gender } from '../fhir/read.js';
import { orgNm1, personNm1 } from './nm1.js';
import { claimFilingIndicator } from '../guides/claim-filing.js';
import type { TransactionBody } from '../x12/writer.js';
import { addressSegments } from './address-segments.js';
import { GUIDE_837P } from '../guides/837.js';
import { maxOf } from '../guides/types.js';

/** SBR03 (group number) length from the 837 guides. */
const GROUP = maxOf(GUIDE_837P, 'SBR', 3);

/** SBR, NM1*IL (with N3/N4/DMG when the patient is the subscriber) and NM1*PR. */
export function writeSubscriber(body: TransactionBody, v: ClaimParties, payer: Organization | undefined, payerId: string, patientIsSubscriber: boolean, subCoverage: Coverage | undefined): void {
  body.seg('SBR').el('P').el(patientIsSubscriber ? '18' : undefined).text(coverageClass(v.coverage, 'group').value, GROUP).at(9)
    .el(claimFilingIndicator(v.coverage?.type?.text)).end();
  // The patient is the subscriber of the 2000B loop when they are the same person or have their own member id.
  const sub = patientIsSubscriber ? v.patient ?? v.subscriber : v.subscriber ?? v.patient;
  personNm1(body, 'IL', sub?.name, { qualifier: 'MI', value: memberIdOf(sub, subCoverage) ?? v.coverage?.subscriberId ?? '' });
  if (patientIsSubscriber) {
    addressSegments(body, sub, false);
    if (sub?.birthDate) body.seg('DMG').el('D8').date(sub.birthDate).el(x12Gender(sub.gender)).end();
  }
  orgNm1(body, 'PR', payer?.name ?? payerId, { qualifier: 'PI', value: payerId });
}

/** PAT, NM1*QC, N3/N4 and DMG of a patient who is not the subscriber. */
export function writePatient(body: TransactionBody, v: ClaimParties): void {
  body.seg('PAT').el(v.coverage?.relationship?.coding?.[0]?.code === 'spouse' ? '01' : '19').end();
  personNm1(body, 'QC', v.patient?.name);
  addressSegments(body, v.patient, true);
  body.seg('DMG').el('D8').date(v.patient?.birthDate ?? '19000101').el(x12Gender(v.patient?.gender)).end();
}
