// Placeholder until the capability lands: fails loudly instead of pretending.
import { KioskError } from "../../errors.js";
import type { Command } from "../command.js";

export const journalCommand: Command = {
  name: "journal",
  summary: "not available yet",
  usage: "journal",
  flags: [],
  async run() {
    throw new KioskError("KIOSK_ERR_INTERNAL", "the 'journal' command is not available in this build yet");
  },
};
