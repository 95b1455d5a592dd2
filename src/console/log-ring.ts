// The last log lines in memory, for the console's `log` command (journald has the full history).
import { createLogger, type Logger, type LoggerOptions } from "../log.js";

export class LogRing {
  private readonly items: string[] = [];
  constructor(readonly capacity = 500) {}

  push(line: string): void {
    this.items.push(line);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  last(n: number): string[] {
    return n <= 0 ? [] : this.items.slice(-n);
  }
}

/** A logger that writes as usual (stderr by default) and keeps a copy of each line in `ring`. */
export function createRingLogger(ring: LogRing, options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  return createLogger({
    ...options,
    write: (line) => {
      ring.push(line);
      write(line);
    },
  });
}
