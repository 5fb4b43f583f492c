import type { Resource } from 'fhir/r4';
import type { Input, ParamContext } from '../params.js';
import type { SelectedMember, Selection } from '../selection.js';

/** Column types of the flat record (CSV, JSON, protobuf, Parquet); proto/cdg.proto declares the same fields. */
export type ColumnType = 'string' | 'int32' | 'double';
export interface Column {
  name: string;
  type: ColumnType;
}
export type Row = Record<string, string | number | undefined>;

/** What one member contributes: flat records and the FHIR resources behind them. */
export interface MemberRecords {
  rows: Row[];
  /** The resources of the NDJSON / Bundle output. */
  resources: Resource[];
  /** What an X12 projection of these records needs (default: the member's whole record). */
  context?: Resource[];
}

/** An X12 document (or a pair) made from the request's resources. */
export type EdiFiles = Array<{ name: string; body: Buffer }>;

/**
 * One kind of generated data (members, claims, ...): its flat record, the formats it offers (first = default),
 * whether it needs whole patient records, and how a member becomes records. `options` reads the parameters
 * only this kind has (claim overrides, vaccine type) and throws ApiError on bad ones.
 */
export interface Dataset<O = unknown> {
  name: string;
  /** protobuf message (package cdg.v1) of one record. */
  message: string;
  columns: readonly Column[];
  formats: readonly string[];
  clinical: boolean;
  /** Candidates scanned per wanted record when members may have none (claims, reports). */
  scanFactor: number;
  countAliases?: readonly string[];
  options(input: Input, ctx: ParamContext): O;
  /** At most `limit` records of this member. */
  records(member: SelectedMember, selection: Selection, options: O, limit: number): MemberRecords;
  edi?(resources: Resource[], options: O, asOf: string): Promise<EdiFiles>;
}
