// Placeholder until the capability lands: fails loudly instead of pretending.
import { KioskError } from "../../errors.js";
import type { Command } from "../command.js";

export const sefazSimCommand: Command = {
  name: "sefaz-sim",
  summary: "not available yet",
  usage: "sefaz-sim",
  flags: [],
  async run() {
    throw new KioskError("KIOSK_ERR_INTERNAL", "the 'sefaz-sim' command is not available in this build yet");
  },
};
