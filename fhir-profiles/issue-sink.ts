/**
 * Collects validation issues: duplicates (the same path and message from two checks) collapse, and only the
 * first `limit` are kept so that no input, however broken, produces an outcome larger than the cap
 * (issue 11: "first 100 + a count"). The rest are counted.
 */
export interface ValidationIssue {
  /** FHIRPath-like location, e.g. `Patient.name[0].family`. */
  path: string;
  message: string;
}

/** Default number of issues reported in full. */
export const MAX_ISSUES = 100;

export class IssueSink {
  readonly issues: ValidationIssue[] = [];
  /** Distinct issues found beyond the limit. */
  omitted = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number = MAX_ISSUES) {}

  add(issue: ValidationIssue): void {
    const key = `${issue.path}\u0000${issue.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.issues.length < this.limit) this.issues.push(issue);
    else this.omitted++;
  }

  get count(): number {
    return this.issues.length + this.omitted;
  }
}
