// A LED on a plain GPIO line (when no gpio-led overlay is declared): steady by value, blinking by
// a timer this object owns and clears.
import type { GpioLine } from "../gpio/gpio-line.js";
import { BLINK, type LedMode } from "./led-pattern.js";
import type { LedOutput } from "./status-leds.js";

export class GpioLed implements LedOutput {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly line: GpioLine) {}

  show(mode: LedMode): void {
    this.clear();
    if (mode === "off" || mode === "on") {
      this.line.write(mode === "on" ? 1 : 0);
      return;
    }
    const { onMs } = BLINK[mode];
    let lit = true;
    this.line.write(1);
    this.timer = setInterval(() => {
      lit = !lit;
      this.line.write(lit ? 1 : 0);
    }, onMs);
    this.timer.unref();
  }

  close(): void {
    this.clear();
    this.line.close();
  }

  private clear(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
