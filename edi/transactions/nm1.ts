import type { HumanName } from 'fhir/r4';
import { personName } from '../fhir/read.js';
import { NM1 } from '../guides/common.js';
import type { TransactionBody } from '../x12/writer.js';

/** NM103-NM107 as the shared 5010 NM1 rule has them (guides/common.ts), by element position (0-based). */
const RULE = NM1([], []).elements;
const LAST = RULE[2].max;
const FIRST = RULE[3].max;
const MIDDLE = RULE[4].max;
const SUFFIX = RULE[6].max;
const ID = RULE[8].max;

/**
 * The NM1 of a person (NM102 = 1) from a FHIR HumanName (official else first): NM103 family, NM104 first given,
 * NM105 middle, NM107 suffix (generational: Jr, III; omitted for providers, whose HumanName.suffix holds
 * credentials), then NM108/NM109 when an id is given. The one place the person name chain is written.
 */
export function personNm1(
  body: TransactionBody,
  entity: string,
  names: HumanName[] | undefined,
  id?: { qualifier: string; value: string | undefined },
  options: { suffix?: boolean } = {},
): void {
  const n = personName(names);
  body.seg('NM1').el(entity).el('1').text(n.family, LAST).text(n.given, FIRST).text(n.middle, MIDDLE).at(7).text(options.suffix === false ? undefined : n.suffix, SUFFIX);
  if (id?.value) body.el(id.qualifier).text(id.value, ID);
  body.end();
}

/**
 * The NM1 of an organization (NM102 = 2): NM103 its name (length from the guide's NM1 rule), NM104-NM107 empty,
 * then NM108/NM109 when an id is given. The one place the organization name chain is written.
 */
export function orgNm1(body: TransactionBody, entity: string, name: string | undefined, id?: { qualifier: string | undefined; value: string | undefined }): void {
  body.seg('NM1').el(entity).el('2').text(name, LAST);
  if (id?.value) body.at(8).el(id.qualifier).text(id.value, ID);
  body.end();
}
