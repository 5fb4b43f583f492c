/** Population configuration: everything the generator output depends on besides the patient index. */
export interface PopulationConfig {
  /** Master seed; any string. Same seed + config = byte-identical output. */
  seed: string;
  /** Number of patients (members) to generate. */
  patients: number;
  /** The date the population is "as of" (YYYY-MM-DD). All dates derive from it, never the wall clock. */
  asOf: string;
  /** Years of encounter history before asOf. */
  historyYears: number;
  /** Restrict addresses to one US state (USPS code), optional. */
  state?: string;
  /** Inclusive age range filter in years, optional. */
  minAge?: number;
  maxAge?: number;
  /** Whether patients carry an address at all (the original product's include/exclude address option). */
  includeAddress: boolean;
}

export const DEFAULT_POPULATION_CONFIG: PopulationConfig = {
  seed: '42',
  patients: 300,
  asOf: '2026-01-01',
  historyYears: 3,
  includeAddress: true,
};

/** Returns a list of problems with a config; empty when valid. */
export function validatePopulationConfig(config: PopulationConfig): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(config.patients) || config.patients < 1 || config.patients > 10_000_000) {
    problems.push(`patients must be an integer between 1 and 10000000 (got ${String(config.patients)})`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(config.asOf) || Number.isNaN(Date.parse(`${config.asOf}T00:00:00Z`))) {
    problems.push(`asOf must be a date YYYY-MM-DD (got ${config.asOf})`);
  }
  if (!(config.historyYears >= 0 && config.historyYears <= 30)) {
    problems.push(`historyYears must be between 0 and 30 (got ${String(config.historyYears)})`);
  }
  if (config.state !== undefined && !/^[A-Z]{2}$/.test(config.state)) {
    problems.push(`state must be a two-letter USPS code (got ${config.state})`);
  }
  const min = config.minAge ?? 0;
  const max = config.maxAge ?? 110;
  if (min < 0 || max > 110 || min > max) problems.push(`age range ${min}-${max} is invalid (0..110, min <= max)`);
  return problems;
}
