// Where each job's last successful run is kept across power-offs. The service backs it with the
// journal's state table (getState/setState), so it survives exactly as the fiscal records do.

export interface ScheduleStore {
  get(job: string): string | undefined;
  set(job: string, iso: string): void;
}

/** An in-memory store for tests, the demo and tools that run without a journal. */
export class MemoryScheduleStore implements ScheduleStore {
  readonly values = new Map<string, string>();
  get(job: string): string | undefined {
    return this.values.get(job);
  }
  set(job: string, iso: string): void {
    this.values.set(job, iso);
  }
}
