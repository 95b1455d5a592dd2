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

/** A "synchronized" answer from timedatectl stays good this long: the sale path spawns no process per sale. */
const SYNCHRONIZED_ANSWER_TTL_MS = 60_000;

/**
 * Remembers a successful answer of the runner for a while (only "exit 0": an unsynchronized or failing
 * answer is asked again next time, so a clock that becomes trusted is seen at once).
 */
function rememberSuccess(run: CommandRunner, ttlMs: number, now: () => number): CommandRunner {
  const answers = new Map<string, { at: number; result: Awaited<ReturnType<CommandRunner>> }>();
  return async (command, args, opts) => {
    const key = [command, ...args].join("\0");
    const hit = answers.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.result;
    const result = await run(command, args, opts);
    if (result.code === 0 && result.stdout.trim() === "yes") answers.set(key, { at: now(), result });
    else answers.delete(key);
    return result;
  };
}

export function createSafetyCheck(options: SafetyOptions): (now: Date) => Promise<void> {
  const { config, journal } = options;
  const minFreeBytes = (config.journal?.minFreeMb ?? 64) * 1024 * 1024;
  const run = rememberSuccess(options.run ?? execFileRunner, SYNCHRONIZED_ANSWER_TTL_MS, Date.now);
  return async (now) => {
    const newest = journal.newestTime();
    const journalNewest = newest === undefined ? null : new Date(newest);
    const assessment = await assessClock({
      root: options.root ?? "/",
      run,
      trust: config.clock.trust,
      now,
      journalNewest,
    });
    const { source } = requireTrustedClock(assessment, journalNewest);
    options.onClockSource?.(source);
    checkDiskSpace(config.dataDir, minFreeBytes);
  };
}
