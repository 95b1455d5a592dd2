// Placeholder until the capability lands: fails loudly instead of pretending.
import { KioskError } from "../../errors.js";
import type { Command } from "../command.js";

export const syncCommand: Command = {
  name: "sync",
  summary: "not available yet",
  usage: "sync",
  flags: [],
  async run() {
    throw new KioskError("KIOSK_ERR_INTERNAL", "the 'sync' command is not available in this build yet");
  },
};
