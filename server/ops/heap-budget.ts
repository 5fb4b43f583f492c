import { getHeapStatistics } from 'node:v8';
import { totalmem } from 'node:os';
import { SettingsError } from './settings.js';

/**
 * Heap a loaded population holds per patient, before any search index is built: 170 KiB, measured after a full GC
 * over the empty server's heap (2,000 patients, 328,000 resources: 340 MiB; 5,000 patients: 816 MiB; 2026-12-03).
 * The embedded store keeps every generated resource in memory (issue 13 tracks the regenerate-on-demand store).
 */
export const HEAP_KIB_PER_PATIENT = 170;
/** The server's own heap before the population: modules, caches, a few hundred MiB. */
const BASE_HEAP_MIB = 256;

/** Heap the population of `patients` holds once loaded, in MiB (HEAP_KIB_PER_PATIENT). */
export function populationHeapMib(patients: number): number {
  return BASE_HEAP_MIB + Math.ceil((patients * HEAP_KIB_PER_PATIENT) / 1024);
}

/** Whether the population fits this process's heap when every generated resource is kept (POPULATION_MODE=auto). */
export function fitsHeap(patients: number, limitBytes = getHeapStatistics().heap_size_limit): boolean {
  return populationHeapMib(patients) <= Math.floor(limitBytes / 2 ** 20);
}

/**
 * Refuses, before anything is generated or served, a population that cannot fit in this process's heap: it would
 * be served while loading and then die of "Reached heap limit" minutes later. https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib
 */
export function checkHeapBudget(patients: number, limitBytes = getHeapStatistics().heap_size_limit): void {
  const needMib = populationHeapMib(patients);
  const limitMib = Math.floor(limitBytes / 2 ** 20);
  if (needMib <= limitMib) return;
  const gib = (mib: number): string => (mib / 1024).toFixed(1);
  const fits = Math.max(0, Math.floor(((limitMib - BASE_HEAP_MIB) * 1024) / HEAP_KIB_PER_PATIENT));
  throw new SettingsError([
    `PATIENTS (--patients) = ${patients}: the population needs about ${gib(needMib)} GiB of heap once loaded (${HEAP_KIB_PER_PATIENT} KiB per patient), ` +
      `and this process may use ${gib(limitMib)} GiB (machine: ${gib(totalmem() / 2 ** 20)} GiB); at most about ${fits} patients fit. ` +
      'Lower PATIENTS, give node a larger --max-old-space-size (`cdg` sizes it to 75% of the machine by itself), or set POPULATION_MODE=regenerated (or auto).',
  ]);
}
