// Which KioskService the front ends talk to: the real one, or an outage drill for a limited time.
// Scans always come from the real devices; status and receipts from the active service.
import { EventEmitter } from "node:events";
import type { KioskEvents, KioskService } from "../app/kiosk-service.js";
import type { Clock } from "../clock.js";
import { DrillService } from "./drill-service.js";

export class ServiceSwitch {
  readonly events = new EventEmitter<KioskEvents>();
  private drill: DrillService | null = null;

  constructor(
    private readonly real: KioskService,
    private readonly clock: Clock,
    readonly maxDrillMs = 30 * 60_000,
  ) {
    real.events.on("status", (s) => {
      if (!this.drill) this.events.emit("status", s);
    });
    real.events.on("receipt", (r) => {
      if (!this.drill) this.events.emit("receipt", r);
    });
    real.events.on("scan", (s) => this.events.emit("scan", s));
  }

  /** The active service; an expired drill ends here (and on tick()). */
  get service(): KioskService {
    this.tick();
    return this.drill ?? this.real;
  }

  get drilling(): boolean {
    return this.service !== this.real;
  }

  startDrill(): void {
    if (this.drill) return;
    const drill = new DrillService(this.clock, new Date(this.clock.now().getTime() + this.maxDrillMs));
    drill.events.on("status", (s) => {
      if (this.drill === drill) this.events.emit("status", s);
    });
    drill.events.on("receipt", (r) => {
      if (this.drill === drill) this.events.emit("receipt", r);
    });
    this.drill = drill;
    this.events.emit("status", drill.status());
  }

  stopDrill(): void {
    if (!this.drill) return;
    this.drill = null;
    this.events.emit("status", this.real.status());
  }

  tick(): void {
    if (this.drill && this.clock.now() >= this.drill.until) this.stopDrill();
  }
}
