// Placeholder until the capability lands: fails loudly instead of pretending.
import { KioskError } from "../../errors.js";
import type { Command } from "../command.js";

export const emitCommand: Command = {
  name: "emit",
  summary: "not available yet",
  usage: "emit",
  flags: [],
  async run() {
    throw new KioskError("KIOSK_ERR_INTERNAL", "the 'emit' command is not available in this build yet");
  },
};
