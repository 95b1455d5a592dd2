// Kernel LED class (/sys/class/leds/<name>, declared with dtoverlay=gpio-led; platform-notes §1):
// steady with trigger "none" + brightness, blinking with trigger "timer" so the kernel blinks it
// even while Node is busy. The root is passed in so tests use a temp tree.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KioskError } from "../../errors.js";
import { BLINK, type LedMode } from "./led-pattern.js";
import type { LedOutput } from "./status-leds.js";

export class SysfsLed implements LedOutput {
  private readonly dir: string;

  constructor(
    root: string,
    name: string,
    /** The sysfs write; tests pass one that refuses some attributes like a non-root user sees. */
    private readonly writeAttribute: (path: string, value: string) => void = writeFileSync,
  ) {
    this.dir = join(root, name);
    if (!existsSync(join(this.dir, "brightness"))) {
      throw new KioskError("KIOSK_ERR_DEVICE", `LED ${name} not found under ${root}`, {
        field: "hardware.leds.names",
        operatorMessage: `LED ${name} não encontrado.`,
      });
    }
  }

  show(mode: LedMode): void {
    if (mode === "off" || mode === "on") {
      this.write("trigger", "none");
      this.write("brightness", mode === "on" ? this.maxBrightness() : "0");
      return;
    }
    this.write("trigger", "timer");
    // delay_on/delay_off appear only once the timer trigger is set, so the udev rule that opens
    // brightness and trigger to group gpio cannot open them: without write access the kernel's
    // default 500/500 ms is the slow blink, and the fast blink falls back to the heartbeat trigger.
    try {
      this.write("delay_on", String(BLINK[mode].onMs));
      this.write("delay_off", String(BLINK[mode].offMs));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EACCES") throw error;
      if (mode === "blink-fast") this.write("trigger", "heartbeat");
    }
  }

  close(): void {}

  private maxBrightness(): string {
    try {
      return readFileSync(join(this.dir, "max_brightness"), "utf8").trim() || "1";
    } catch {
      return "1";
    }
  }

  private write(file: string, value: string): void {
    this.writeAttribute(join(this.dir, file), value);
  }
}
