/**
 * Long synchronous work written once as a generator that yields between its steps (a segment, a claim), then run
 * either to the end at once (`runSteps`, for callers that are not serving requests) or in slices of the event loop
 * (`runStepsSliced`, with a time-slicer.ts checkpoint at each yield), so that a large input is processed in time
 * linear in its size without holding other requests meanwhile.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to the end in one go. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs the steps, awaiting `pause` (a timeSlicer) at each yield. */
export async function runStepsSliced<T>(steps: Steps<T>, pause: () => Promise<void>): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await pause();
  }
}
