import { patientRow, patientRowBytes, type DecodedPatient, type PatientRows } from './patient-rows.js';

/**
 * The generated Patients of the population as the people pass's chunks bring them (patient-rows.ts), by patient index:
 * chunk c holds patients [c * chunkSize, (c + 1) * chunkSize), the last one fewer.
 */
export class PatientTable {
  private readonly chunks: Array<PatientRows | undefined> = [];

  constructor(private readonly chunkSize: number) {}

  /** Keeps the rows of the chunk starting at patient `from` (a multiple of the chunk size). */
  add(from: number, rows: PatientRows): void {
    this.chunks[Math.floor(from / this.chunkSize)] = rows;
  }

  /** Patient `patientIndex` as stored (version '1'), a new object each call, and its text; undefined until its chunk has come. */
  get(patientIndex: number): DecodedPatient | undefined {
    if (!Number.isInteger(patientIndex) || patientIndex < 0) return undefined;
    const rows = this.chunks[Math.floor(patientIndex / this.chunkSize)];
    const k = patientIndex % this.chunkSize;
    return rows && k < rows.ends.length ? patientRow(rows, k) : undefined;
  }

  /** Bytes the rows hold. */
  bytes(): number {
    return this.chunks.reduce((n, rows) => n + (rows ? patientRowBytes(rows) : 0), 0);
  }
}
