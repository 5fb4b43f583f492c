import { SingleBar } from 'cli-progress';
import type { StartPhase, StartProgress } from './start.js';

/** What each start-up phase is called on screen, by its total (patients, resources, files). */
const LABEL: Record<StartPhase, (total: number) => string> = {
  load: (n) => `loading ${plural(n, 'patient')} (reads are served meanwhile)`,
  open: (n) => `opening the store: ${plural(n, 'patient')} regenerated on demand, indexed in the background (progress at /health/ready)`,
  validators: () => 'starting the FHIR validation workers',
  sftp: () => 'starting the SFTP drop',
  publish: (n) => `publishing ${plural(n, 'file')} into the SFTP mailboxes`,
};
/** Phases long enough at scale to deserve a bar on a terminal. */
const BARRED: ReadonlySet<StartPhase> = new Set(['load']);

/** `1 patient`, `2 patients`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Renders `cdg serve` start-up progress on `stream`: on a terminal a progress bar for the long phases
 * (loading the patients) and a line for the others; otherwise one line per phase as it starts (logs, CI).
 */
export function startReporter(stream: NodeJS.WriteStream): (event: StartProgress) => void {
  let current: StartPhase | undefined;
  let bar: SingleBar | undefined;
  let startedAt = 0;
  return (event) => {
    if (event.phase !== current) {
      bar?.stop();
      bar = undefined;
      current = event.phase;
      startedAt = performance.now();
      if (stream.isTTY && BARRED.has(event.phase)) {
        bar = new SingleBar({ stream, format: `cdg: ${LABEL[event.phase](event.total)} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true });
        bar.start(event.total, event.done);
      } else {
        stream.write(`cdg: ${LABEL[event.phase](event.total)} ...\n`);
      }
      return;
    }
    bar?.update(event.done);
    if (event.done >= event.total && bar) {
      bar.stop();
      bar = undefined;
      stream.write(`cdg: ${LABEL[event.phase](event.total)}: done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`);
    }
  };
}
