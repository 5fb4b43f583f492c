/**
 * A checkpoint for long loops on the event loop: awaiting it yields (setImmediate) once about `sliceMs` of work has
 * passed since the last yield, and is a no-op otherwise, so a loop over thousands of items never holds other
 * requests for longer than a slice.
 */
export function timeSlicer(sliceMs = 8): () => Promise<void> {
  let deadline = performance.now() + sliceMs;
  return async () => {
    if (performance.now() < deadline) return;
    await new Promise((resolve) => setImmediate(resolve));
    deadline = performance.now() + sliceMs;
  };
}
