// Placeholder until the capability lands: fails loudly instead of pretending.
import { KioskError } from "../../errors.js";
import type { Command } from "../command.js";

export const demoCommand: Command = {
  name: "demo",
  summary: "not available yet",
  usage: "demo",
  flags: [],
  async run() {
    throw new KioskError("KIOSK_ERR_INTERNAL", "the 'demo' command is not available in this build yet");
  },
};
