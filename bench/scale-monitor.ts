/**
 * Watches a child server's start-up for bench:scale by polling GET /health/ready: when the population is loaded
 * (`loaded`), when each index the store reports there is ready (`indexes: [{name, ready, patientsDone, patients}]`
 * while a POPULATION_MODE=regenerated store builds them; absent otherwise, or once built), and the serving process's
 * memory meanwhile. Probes wait on it for what they need (gate).
 */
import type { ChildServer } from './child-server.js';

/** One index as /health/ready lists it while the store builds it. */
interface IndexHealth {
  name: string;
  ready: boolean;
  patientsDone?: number;
  patients?: number;
}

interface HealthView {
  loaded?: boolean;
  progress?: { patients?: number; total?: number };
  indexes?: IndexHealth[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const count = (n: number | undefined): string => (n === undefined ? '?' : n.toLocaleString('en-US'));
export const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

export class StartMonitor {
  /** Milliseconds from spawn to the first answer saying `loaded`. */
  loadedMs?: number;
  /** Milliseconds from spawn to the first answer saying each index is ready (or no longer listing it). */
  readonly indexReadyMs = new Map<string, number>();
  /** Every index name /health/ready has listed. */
  private readonly listed = new Set<string>();
  private last: HealthView = {};
  private stopped = false;
  private polling?: Promise<void>;

  constructor(private readonly server: ChildServer, private readonly pollMs: number, private readonly progressMs = 5000) {}

  /** Milliseconds since the server was spawned. */
  now(): number {
    return performance.now() - this.server.startedAt;
  }

  /** `[  12.3 s] text`, printed at once. */
  log(text: string): void {
    console.log(`  [${(this.now() / 1000).toFixed(1).padStart(6)} s] ${text}`);
  }

  /** Polls until everything reported is loaded and built (or `stop`); one poll has answered when this resolves. */
  async start(): Promise<void> {
    await this.poll();
    this.polling = (async () => {
      let printed = this.now();
      while (!this.stopped && !this.settled()) {
        await sleep(this.pollMs);
        await this.poll();
        if (this.now() - printed >= this.progressMs && !this.settled()) {
          printed = this.now();
          this.log(this.progress());
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.polling;
  }

  /** Whether every index listed so far is ready, and the population loaded (or, indexes listed, nothing said about it). */
  settled(): boolean {
    return (this.loadedMs !== undefined || this.listed.size > 0) && [...this.listed].every((n) => this.indexReadyMs.has(n));
  }

  /**
   * Waits until a probe needing index `need` (none: plain reads and compartments) may run: with indexes reported, once
   * that one is ready (an index never listed: once every listed one is); without, once the population is loaded
   * (POPULATION_MODE=kept serves only reads before). False when `timeoutMs` passes first.
   */
  async gate(need: string | undefined, timeoutMs: number): Promise<boolean> {
    const until = this.now() + timeoutMs;
    while (!this.open(need)) {
      if (this.now() > until) return false;
      await sleep(this.pollMs);
      if (this.stopped || this.settled()) await this.poll();
    }
    return true;
  }

  private open(need: string | undefined): boolean {
    if (this.listed.size === 0) return this.loadedMs !== undefined;
    if (need === undefined) return true;
    if (this.listed.has(need)) return this.indexReadyMs.has(need);
    return this.settled();
  }

  private async poll(): Promise<void> {
    let body: HealthView;
    try {
      body = (await (await fetch(`${this.server.url}/health/ready`)).json()) as HealthView;
    } catch {
      return; // not answering this time: the next poll tells
    }
    this.last = body;
    if (body.loaded && this.loadedMs === undefined) {
      this.loadedMs = this.now();
      this.log(`loaded (${count(body.progress?.total)} patients); RSS ${gib(this.server.memory().rss)}`);
    }
    const now = new Set<string>();
    for (const ix of body.indexes ?? []) {
      now.add(ix.name);
      this.listed.add(ix.name);
      if (ix.ready) this.indexReady(ix.name, ` (${count(ix.patientsDone)} of ${count(ix.patients)} patients)`);
    }
    // The list is reported while building: an index it no longer lists is built.
    for (const name of this.listed) if (!now.has(name)) this.indexReady(name, ' (no longer listed)');
  }

  private indexReady(name: string, detail: string): void {
    if (this.indexReadyMs.has(name)) return;
    this.indexReadyMs.set(name, this.now());
    this.log(`index ${name} ready${detail}; RSS ${gib(this.server.memory().rss)}`);
  }

  /** Loading and building as last reported, and the memory now. */
  private progress(): string {
    const parts: string[] = [];
    if (this.loadedMs === undefined) parts.push(`loading ${count(this.last.progress?.patients)}/${count(this.last.progress?.total)} patients`);
    for (const ix of this.last.indexes ?? []) if (!ix.ready) parts.push(`index ${ix.name} ${count(ix.patientsDone)}/${count(ix.patients)}`);
    return `${parts.join(', ') || 'waiting'}; RSS ${gib(this.server.memory().rss)}`;
  }
}
