import type { Delimiters } from '../x12/delimiters.js';
import type { Segment } from '../x12/parse.js';
import { isoDate } from '../x12/format.js';

/** A person asked about in a 270 (2100C subscriber or 2100D dependent). */
export interface InquiryPerson {
  /** NM1 elements as sent (for echo). */
  nm1: string[];
  /** TRN segments as sent (2000C/2000D trace numbers, echoed as TRN*2). */
  traces: string[][];
  memberId: string;
  last: string;
  first: string;
  birthDate?: string;
  /** DMG02 as sent, when it was not a valid date. */
  badBirthDate?: boolean;
  /** Service types from EQ01 (repetitions split); empty means 30. */
  serviceTypes: string[];
  /** DTP*291 plan date or date range start (CCYYMMDD). */
  date?: string;
}

export interface Inquiry {
  subscriber: InquiryPerson;
  dependent?: InquiryPerson;
}

export interface InquiryReceiver {
  nm1: string[];
  inquiries: Inquiry[];
}

export interface InquirySource {
  nm1: string[];
  receivers: InquiryReceiver[];
}

function person(nm1: string[]): InquiryPerson {
  return { nm1, traces: [], memberId: nm1[9] ?? '', last: nm1[3] ?? '', first: nm1[4] ?? '', serviceTypes: [] };
}

/**
 * Reads a validated 270 (005010X279A1) into its information sources (2000A), receivers (2000B),
 * subscribers (2000C) and dependents (2000D), with the trace numbers, names, ids, birth dates,
 * dates and service types the 271 must answer.
 */
export function read270(segments: readonly Segment[], d: Delimiters): InquirySource[] {
  const sources: InquirySource[] = [];
  let level = '';
  let current: InquiryPerson | undefined;
  let pendingTraces: string[][] = [];
  for (const seg of segments) {
    const e = seg.elements;
    switch (seg.id) {
      case 'HL':
        level = e[3] ?? '';
        current = undefined;
        pendingTraces = [];
        if (level === '20') sources.push({ nm1: [], receivers: [] });
        else if (level === '21') sources[sources.length - 1]?.receivers.push({ nm1: [], inquiries: [] });
        break;
      case 'TRN':
        if (current) current.traces.push(e);
        else pendingTraces.push(e);
        break;
      case 'NM1': {
        const src = sources[sources.length - 1];
        const rcv = src?.receivers[src.receivers.length - 1];
        if (level === '20' && src) src.nm1 = e;
        else if (level === '21' && rcv) rcv.nm1 = e;
        else if (level === '22' && rcv) {
          current = person(e);
          current.traces.push(...pendingTraces);
          rcv.inquiries.push({ subscriber: current });
        } else if (level === '23' && rcv) {
          const last = rcv.inquiries[rcv.inquiries.length - 1];
          current = person(e);
          current.traces.push(...pendingTraces);
          if (last && !last.dependent) last.dependent = current;
          else if (last) rcv.inquiries.push({ subscriber: last.subscriber, dependent: current });
        }
        break;
      }
      case 'DMG':
        if (current && e[2]) {
          if (/^\d{8}$/.test(e[2])) current.birthDate = isoDate(e[2]);
          else current.badBirthDate = true;
        }
        break;
      case 'DTP':
        if (current && (e[1] === '291' || e[1] === '307' || e[1] === '472') && e[3]) current.date = e[3].slice(0, 8);
        break;
      case 'EQ':
        if (current && e[1]) current.serviceTypes.push(...e[1].split(d.repetition).filter(Boolean));
        break;
      default:
        break;
    }
  }
  return sources;
}
