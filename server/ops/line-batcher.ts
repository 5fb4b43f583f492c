/** The part of a pino destination the batcher writes to (a sonic-boom stream). */
export interface LineSink {
  write(chunk: string): unknown;
  /** Writes whatever the sink still holds, synchronously (sonic-boom). */
  flushSync?(): void;
}

/**
 * A pino destination that collects log lines and hands them to the real destination as one chunk once `size`
 * characters are waiting (or when flushed). sonic-boom can buffer by itself (`minLength`), but it measures its whole
 * growing buffer on every line, which flattens it each time: ~2 KB of garbage per 200-byte line, the largest
 * allocation of a FHIR read (bench/fhir.bench.ts). Lines stay in order; `flush` empties the batch first.
 * https://getpino.io/#/docs/api?id=destination
 */
export class LineBatcher {
  private lines: string[] = [];
  private characters = 0;

  constructor(private readonly sink: LineSink, private readonly size = 4096) {}

  write(line: string): boolean {
    this.lines.push(line);
    this.characters += line.length;
    if (this.characters >= this.size) this.drain();
    return true;
  }

  /**
   * Writes out every waiting line and has the sink write what it holds before calling back (pino calls this
   * from `logger.flush`; used at shutdown, so nothing batched is lost).
   */
  flush(cb?: (err?: Error | null) => void): void {
    this.drain();
    try {
      this.sink.flushSync?.();
    } catch (err) {
      cb?.(err as Error);
      return;
    }
    cb?.();
  }

  /** Hands the waiting lines to the sink as one chunk (written asynchronously). */
  drain(): void {
    if (this.lines.length === 0) return;
    const chunk = this.lines.length === 1 ? this.lines[0] : this.lines.join('');
    this.lines = [];
    this.characters = 0;
    this.sink.write(chunk);
  }
}
