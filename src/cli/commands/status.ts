// Placeholder until the capability lands: fails loudly instead of pretending.
import { KioskError } from "../../errors.js";
import type { Command } from "../command.js";

export const statusCommand: Command = {
  name: "status",
  summary: "not available yet",
  usage: "status",
  flags: [],
  async run() {
    throw new KioskError("KIOSK_ERR_INTERNAL", "the 'status' command is not available in this build yet");
  },
};
