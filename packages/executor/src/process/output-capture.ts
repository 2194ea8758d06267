/** Collects a stream up to a byte limit and says whether more came. */
export class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  /** True once more than the limit arrived. */
  exceeded = false;

  constructor(readonly limit: number) {}

  /** Adds a chunk; returns false once the limit is exceeded (the excess is dropped). */
  push(chunk: Buffer): boolean {
    if (this.exceeded) return false;
    if (this.size + chunk.length > this.limit) {
      this.chunks.push(chunk.subarray(0, this.limit - this.size));
      this.size = this.limit;
      this.exceeded = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  /** Everything kept. */
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

/** Options of {@link LogCapture}. */
export interface LogCaptureOptions {
  /** Bytes of log kept in full; later output is counted, and its last lines are kept as the tail. */
  readonly maxBytes: number;
  /** Lines forwarded to `onLine` (as live events); later lines are only kept in the log. */
  readonly maxLines: number;
  /** Called for each complete line while under `maxLines`. */
  readonly onLine?: (line: string) => void;
}

const TAIL_BYTES = 4096;

/**
 * A step's log: the first `maxBytes` kept, the last few KB always kept (for error messages), a
 * bounded number of lines forwarded live. A plugin printing 100 MB to stderr costs a counter.
 */
export class LogCapture {
  private readonly head: CappedBuffer;
  private tail = '';
  private partial = '';
  private lines = 0;
  private dropped = 0;

  constructor(private readonly options: LogCaptureOptions) {
    this.head = new CappedBuffer(options.maxBytes);
  }

  /** Adds output. */
  push(chunk: Buffer): void {
    if (!this.head.push(chunk)) this.dropped += chunk.length;
    const text = chunk.toString('utf8');
    this.tail = (this.tail + text).slice(-TAIL_BYTES);
    if (this.lines >= this.options.maxLines || !this.options.onLine) return;
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    if (this.partial.length > TAIL_BYTES) this.partial = this.partial.slice(0, TAIL_BYTES);
    for (const line of parts) {
      if (this.lines >= this.options.maxLines) break;
      this.lines += 1;
      this.options.onLine(line);
      if (this.lines === this.options.maxLines) {
        this.options.onLine(`… further lines are kept in the step's log only`);
      }
    }
  }

  /** Forwards a last line without a newline. */
  flush(): void {
    if (this.partial && this.lines < this.options.maxLines && this.options.onLine) {
      this.lines += 1;
      this.options.onLine(this.partial);
    }
    this.partial = '';
  }

  /** The log as kept, with a note of how much was dropped. */
  text(): string {
    const kept = this.head.toBuffer().toString('utf8');
    if (this.dropped === 0) return kept;
    return `${kept}\n… ${this.dropped} more bytes were not kept; the last of them:\n${this.tail}`;
  }

  /** The last few KB, for error messages. */
  tailText(maxChars = 2000): string {
    return this.tail.slice(-maxChars).trim();
  }
}
