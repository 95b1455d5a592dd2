// Placeholder until the capability lands: fails loudly instead of pretending.
import { KioskError } from "../../errors.js";
import type { Command } from "../command.js";

export const startCommand: Command = {
  name: "start",
  summary: "not available yet",
  usage: "start",
  flags: [],
  async run() {
    throw new KioskError("KIOSK_ERR_INTERNAL", "the 'start' command is not available in this build yet");
  },
};
