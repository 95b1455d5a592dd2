// The safety rules checked before a number is reserved (exit 3 refusals): a trusted clock not behind
// the journal, room on the disk. A refused sale has no number and no bytes: nothing recorded is lost.
import type { ResolvedConfig } from "../config/schema.js";
import type { Journal } from "../journal/journal.js";
import { checkDiskSpace } from "../journal/safety-checks.js";
import { assessClock, type ClockSource, requireTrustedClock } from "../watchdog/clock-trust.js";
import { type CommandRunner, execFileRunner } from "../watchdog/command-runner.js";

export interface SafetyOptions {
  config: ResolvedConfig;
  journal: Journal;
  /** "/" on the device; a temp tree in tests. */
  root?: string;
  run?: CommandRunner;
  onClockSource?: (source: ClockSource) => void;
}

export function createSafetyCheck(options: SafetyOptions): (now: Date) => Promise<void> {
  const { config, journal } = options;
  const minFreeBytes = (config.journal?.minFreeMb ?? 64) * 1024 * 1024;
  return async (now) => {
    const newest = journal.newestTime();
    const journalNewest = newest === undefined ? null : new Date(newest);
    const assessment = await assessClock({
      root: options.root ?? "/",
      run: options.run ?? execFileRunner,
      trust: config.clock.trust,
      now,
      journalNewest,
    });
    const { source } = requireTrustedClock(assessment, journalNewest);
    options.onClockSource?.(source);
    checkDiskSpace(config.dataDir, minFreeBytes);
  };
}
