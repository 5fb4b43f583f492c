/** Items sorted by the native sort at once; runs of this size are then merged. */
const RUN = 2048;
/** Items merged between two yields. */
const MERGE_STEP = 4096;

/**
 * The order (item indexes) that sorts items 0..n-1 by `cmp`, ties by index, worked out in steps: a generator that
 * yields after each sorted run of RUN items and every MERGE_STEP items merged, so a caller can spread a sort of
 * hundreds of thousands of items over time slices (a bottom-up merge sort). Same order as one stable sort.
 */
export function* sortSteps(n: number, cmp: (a: number, b: number) => number): Generator<void, Int32Array> {
  const order = (a: number, b: number): number => cmp(a, b) || a - b;
  let src = new Int32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  for (let a = 0; a < n; a += RUN) {
    src.subarray(a, Math.min(n, a + RUN)).sort(order);
    yield;
  }
  let dst = new Int32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      for (let i = lo, j = mid, k = lo; k < hi; ) {
        dst[k++] = j >= hi || (i < mid && order(src[i], src[j]) <= 0) ? src[i++] : src[j++];
        if (k % MERGE_STEP === 0) yield;
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/** Ascending strings by UTF-16 code units (as `<` compares them). */
export function byString(vals: string[]): (a: number, b: number) => number {
  return (a, b) => (vals[a] < vals[b] ? -1 : vals[a] > vals[b] ? 1 : 0);
}
