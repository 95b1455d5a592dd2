// Placeholder until the capability lands: fails loudly instead of pretending.
import { KioskError } from "../../errors.js";
import type { Command } from "../command.js";

export const cancelCommand: Command = {
  name: "cancel",
  summary: "not available yet",
  usage: "cancel",
  flags: [],
  async run() {
    throw new KioskError("KIOSK_ERR_INTERNAL", "the 'cancel' command is not available in this build yet");
  },
};
