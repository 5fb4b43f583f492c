import { US_STATES, type UsCity, type UsState } from './data/us-states.js';
import type { Rng } from './random.js';

/**
 * Service areas: each city of population/data/us-states.ts (one ZIP) is an area where households live and
 * where the provider network places its practices and hospital. A household draws its area once; the
 * directory is built from the areas the population lives in.
 */
export interface Area {
  /** Position in AREAS; stable for a given data table. */
  index: number;
  state: UsState;
  city: UsCity;
}

export const AREAS: readonly Area[] = US_STATES.flatMap((state) => state.cities.map((city) => ({ state, city }))).map((a, index) => ({ index, ...a }));

const AREA_BY_ZIP = new Map(AREAS.map((a) => [a.city.zip, a]));

/** The area whose ZIP this is (5 digits; a ZIP+4 is read by its first five). */
export function areaOfZip(zip: string | undefined): Area | undefined {
  return zip === undefined ? undefined : AREA_BY_ZIP.get(zip.slice(0, 5));
}

interface Draw {
  areas: readonly Area[];
  cumulative: Float64Array;
}

/** A state's population is spread evenly over its cities (the table has no city populations). */
function drawTable(areas: readonly Area[]): Draw {
  const cumulative = new Float64Array(areas.length);
  let total = 0;
  areas.forEach((a, i) => {
    total += a.state.population2020 / a.state.cities.length;
    cumulative[i] = total;
  });
  return { areas, cumulative };
}

const NATIONAL = drawTable(AREAS);
const byState = new Map<string, Draw>();

/** An area by 2020 Census state population (cities of a state equally likely), or one of `only`'s cities. */
export function drawArea(rng: Rng, only?: UsState): Area {
  let table = NATIONAL;
  if (only) {
    table = byState.get(only.code) ?? drawTable(AREAS.filter((a) => a.state.code === only.code));
    byState.set(only.code, table);
  }
  const r = rng.next() * table.cumulative[table.cumulative.length - 1];
  let lo = 0;
  let hi = table.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (table.cumulative[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return table.areas[lo];
}

const EARTH_RADIUS_KM = 6371.0088; // IUGG mean radius

/** Great-circle distance in km between two WGS84 points (haversine). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
