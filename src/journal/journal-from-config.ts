// The one way the CLI and the service open the journal from the configuration.
import { isAbsolute, resolve } from "node:path";
import type { Clock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import type { Logger } from "../log.js";
import { loadDataKey } from "./data-key.js";
import { openJournal } from "./open-journal.js";
import type { SqliteJournal } from "./sqlite-journal.js";

export function journalFromConfig(config: ResolvedConfig, clock: Clock, log: Logger): SqliteJournal {
  const keyFile = config.journal?.keyFile;
  const dataKey =
    keyFile === undefined
      ? undefined
      : loadDataKey(isAbsolute(keyFile) ? keyFile : resolve(config.configDir, keyFile));
  return openJournal({
    dataDir: config.dataDir,
    clock,
    log,
    ...(dataKey ? { dataKey } : {}),
    ...(config.backup.dir ? { backupDir: config.backup.dir } : {}),
  });
}
