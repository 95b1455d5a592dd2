// The three status LEDs behind one interface; each LED is an output that can show a mode.
import type { Clock } from "../../clock.js";
import { type DeviceStatus, deviceStatus } from "../types.js";
import type { LedMode, LedName, LedPatterns } from "./led-pattern.js";

export interface LedOutput {
  show(mode: LedMode): void;
  close(): void;
}

export interface StatusLeds {
  show(patterns: LedPatterns): void;
  current(): LedPatterns;
  status(): DeviceStatus;
  stop(): Promise<void>;
}

const ALL_OFF: LedPatterns = { online: "off", contingency: "off", fault: "off" };

export class LedPanel implements StatusLeds {
  private shown: LedPatterns = ALL_OFF;
  private current_: DeviceStatus;

  constructor(
    private readonly outputs: Record<LedName, LedOutput>,
    private readonly clock: Clock,
    initial: Pick<DeviceStatus, "state" | "detail"> = { state: "ok", detail: "ok" },
  ) {
    this.current_ = deviceStatus(initial.state, initial.detail, clock.now());
  }

  show(patterns: LedPatterns): void {
    for (const name of Object.keys(patterns) as LedName[]) {
      if (patterns[name] === this.shown[name]) continue;
      try {
        this.outputs[name].show(patterns[name]);
      } catch (error) {
        // A LED that cannot be written is a degraded kiosk, never a crash.
        this.current_ = deviceStatus(
          "degraded",
          `led ${name}: ${(error as Error).message}`,
          this.clock.now(),
        );
      }
    }
    this.shown = { ...patterns };
  }

  current(): LedPatterns {
    return this.shown;
  }

  status(): DeviceStatus {
    return this.current_;
  }

  async stop(): Promise<void> {
    for (const output of Object.values(this.outputs)) {
      try {
        output.show("off");
      } catch {
        // best effort on the way out
      }
      output.close();
    }
    this.shown = ALL_OFF;
  }
}

/** In memory: what each LED shows, for tests and the demo UI. */
export class SimLedOutput implements LedOutput {
  mode: LedMode = "off";
  readonly history: LedMode[] = [];
  show(mode: LedMode): void {
    this.mode = mode;
    this.history.push(mode);
  }
  close(): void {}
}
