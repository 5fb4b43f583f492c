/**
 * Turns generated records into a file of the requested output_format. CSV is RFC 4180; JSON an array of the
 * flat records; NDJSON the FHIR resources one per line (https://hl7.org/fhir/R4/nd-json.html); fhir a Bundle
 * of type collection (https://hl7.org/fhir/R4/bundle.html); protobuf a length-delimited stream of proto/cdg.proto
 * messages; Parquet (https://parquet.apache.org/docs/file-format/) written by hyparquet-writer.
 */
import type { Bundle, Resource } from 'fhir/r4';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { csvRecord } from '../export/csv.js';
import type { Column, Row } from './datasets/types.js';
import { encodeDelimited } from './proto.js';

export interface EncodedFile {
  extension: string;
  contentType: string;
  body: Buffer;
}

export const CONTENT_TYPES: Record<string, { extension: string; contentType: string }> = {
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  json: { extension: 'json', contentType: 'application/json' },
  ndjson: { extension: 'ndjson', contentType: 'application/fhir+ndjson' },
  fhir: { extension: 'json', contentType: 'application/fhir+json' },
  protobuf: { extension: 'pb', contentType: 'application/x-protobuf' },
  parquet: { extension: 'parquet', contentType: 'application/vnd.apache.parquet' },
  edi: { extension: 'x12', contentType: 'application/edi-x12' },
};

function parquet(columns: readonly Column[], rows: readonly Row[]): Buffer {
  const PARQUET_TYPE = { string: 'STRING', int32: 'INT32', double: 'DOUBLE' } as const;
  const columnData = columns.map((c) => ({ name: c.name, type: PARQUET_TYPE[c.type], data: rows.map((r) => r[c.name] ?? null) }));
  return Buffer.from(parquetWriteBuffer({ columnData, createdBy: 'clinical-data-generator' }));
}

/** One file of `format` from the flat records and resources; `metadata` goes into JSON output when asked for. */
export function encode(format: string, data: { columns: readonly Column[]; message: string; rows: Row[]; resources: Resource[]; metadata?: object }): Buffer {
  switch (format) {
    case 'csv':
      return Buffer.from(csvRecord(data.columns.map((c) => c.name)) + data.rows.map((r) => csvRecord(data.columns.map((c) => r[c.name]))).join(''));
    case 'json':
      return Buffer.from(JSON.stringify(data.metadata ? { metadata: data.metadata, records: data.rows } : data.rows));
    case 'ndjson':
      return Buffer.from(data.resources.map((r) => `${JSON.stringify(r)}\n`).join(''));
    case 'fhir': {
      const bundle: Bundle = { resourceType: 'Bundle', type: 'collection', entry: data.resources.map((resource) => ({ resource })) };
      return Buffer.from(JSON.stringify(bundle));
    }
    case 'protobuf':
      return encodeDelimited(data.message, data.rows);
    case 'parquet':
      return parquet(data.columns, data.rows);
    default:
      throw new Error(`no encoder for ${format}`);
  }
}
