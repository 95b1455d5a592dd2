// The command table. Each command lives in its own module, loaded only when it runs, so that a
// quick command does not pay for the service's start-up.
import type { Command } from "./command.js";

export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  emit: {
    summary: "emit one NFC-e from a sale file",
    load: async () => (await import("./commands/emit.js")).emitCommand,
  },
  sync: {
    summary: "transmit every pending note now",
    load: async () => (await import("./commands/sync.js")).syncCommand,
  },
  status: {
    summary: "mode and queue",
    load: async () => (await import("./commands/status.js")).statusCommand,
  },
  journal: {
    summary: "journal list | verify | export",
    load: async () => (await import("./commands/journal.js")).journalCommand,
  },
  cancel: {
    summary: "cancellation event (110111)",
    load: async () => (await import("./commands/cancel.js")).cancelCommand,
  },
  "sefaz-sim": {
    summary: "run the SEFAZ simulator",
    load: async () => (await import("./commands/sefaz-sim.js")).sefazSimCommand,
  },
  start: {
    summary: "run the kiosk service",
    load: async () => (await import("./commands/start.js")).startCommand,
  },
  demo: {
    summary: "run the service with simulated hardware and SEFAZ",
    load: async () => (await import("./commands/demo.js")).demoCommand,
  },
};
