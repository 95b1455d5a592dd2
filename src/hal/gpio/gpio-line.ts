// One GPIO output line behind an interface; sysfs binding with the chip base resolved at run time
// (kernel 6.6+ numbers chips dynamically: global = base + BCM offset; platform-notes §1).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KioskError } from "../../errors.js";

export interface GpioLine {
  write(value: 0 | 1): void;
  close(): void;
}

export interface GpioChip {
  name: string;
  label: string;
  base: number;
  ngpio: number;
}

/** Scans <root>/gpiochip*\/{label,base,ngpio} for the SoC's pin controller. */
export function resolveGpioChip(root: string, labelPattern: RegExp): GpioChip {
  const entries = existsSync(root) ? readdirSync(root).filter((n) => n.startsWith("gpiochip")) : [];
  for (const name of entries.sort()) {
    const read = (f: string) => readFileSync(join(root, name, f), "utf8").trim();
    try {
      const label = read("label");
      if (!labelPattern.test(label)) continue;
      return { name, label, base: Number(read("base")), ngpio: Number(read("ngpio")) };
    } catch {
      // a chip directory without the expected files is skipped
    }
  }
  throw new KioskError("KIOSK_ERR_DEVICE", `no GPIO chip matching ${labelPattern} under ${root}`, {
    field: "hardware.gpio.chipLabel",
    operatorMessage: "Controlador GPIO não encontrado.",
  });
}

export class SysfsGpioLine implements GpioLine {
  private readonly dir: string;

  constructor(root: string, chip: GpioChip, offset: number) {
    if (!Number.isInteger(offset) || offset < 0 || offset >= chip.ngpio) {
      throw new KioskError(
        "KIOSK_ERR_CONFIG_INVALID",
        `GPIO offset ${offset} outside ${chip.label} (0..${chip.ngpio - 1})`,
        {
          field: "hardware.leds.lines",
        },
      );
    }
    const global = chip.base + offset;
    this.dir = join(root, `gpio${global}`);
    try {
      if (!existsSync(this.dir)) writeFileSync(join(root, "export"), String(global));
      writeFileSync(join(this.dir, "direction"), "out");
    } catch (error) {
      throw new KioskError(
        "KIOSK_ERR_DEVICE",
        `cannot export GPIO ${global} (${chip.label} + ${offset}): ${(error as Error).message}`,
        {
          field: "hardware.gpio",
          operatorMessage: "Não foi possível acessar a linha GPIO.",
          cause: error,
        },
      );
    }
  }

  write(value: 0 | 1): void {
    writeFileSync(join(this.dir, "value"), String(value));
  }

  close(): void {}

  get path(): string {
    return this.dir;
  }
}

export class SimGpioLine implements GpioLine {
  readonly values: (0 | 1)[] = [];
  write(value: 0 | 1): void {
    this.values.push(value);
  }
  close(): void {}
  get value(): 0 | 1 | undefined {
    return this.values.at(-1);
  }
}
