import { SPECIALIST_FOLLOWUP } from '../data/clinical/utilization.js';
import { PROCEDURE_PERFORMER, REFERRALS } from '../data/referrals.js';
import type { SitedClinician } from './care-sites.js';
import { ageOn } from './dates.js';
import type { PatientState } from './patient-state.js';
import type { PlannedEncounter } from './timeline.js';

/** The specialist who performs the encounter's procedure (e.g. colonoscopy by gastroenterology), if the network has one. */
export function proceduralist(s: PatientState, e: PlannedEncounter): SitedClinician | undefined {
  const taxonomy = e.procedure ? PROCEDURE_PERFORMER[e.procedure.key] : undefined;
  return taxonomy === undefined ? undefined : s.sites.specialist(taxonomy);
}

/**
 * The specialist an office visit is referred to instead of primary care, or undefined: follow-ups of the principal
 * chronic condition, some acute problems, adult well-woman visits (data/referrals.ts). One draw per visit a rule covers.
 */
export function referredSpecialist(s: PatientState, e: PlannedEncounter): SitedClinician | undefined {
  let rule: { taxonomy: string; share: number } | undefined;
  if (e.kind === 'followup') {
    const principal = [...e.reasons].sort((a, b) => b.row.followUpsPerYear - a.row.followUpsPerYear)[0];
    rule = principal ? SPECIALIST_FOLLOWUP[principal.row.key] ?? REFERRALS.followup[principal.row.key] : undefined;
    const roll = s.rng.next(); // drawn for every follow-up, as before referrals covered more conditions
    return rule && roll < rule.share ? s.sites.specialist(rule.taxonomy) : undefined;
  }
  if (e.kind === 'acute' && e.acute) rule = REFERRALS.acute[e.acute.key];
  const wellWoman = REFERRALS.wellWoman;
  if (e.kind === 'wellness' && s.sex === 'female' && ageOn(s.birthDate, e.day) >= wellWoman.minAge) rule = wellWoman;
  return rule && s.rng.next() < rule.share ? s.sites.specialist(rule.taxonomy) : undefined;
}
