// System diagnostics for the console's `diag` command: temperature, throttling, disk, memory, load.
// Runs only when a technician asks (systeminformation spawns tools; never call it in a loop).
import { readFile } from "node:fs/promises";
import si from "systeminformation";

// Raspberry Pi firmware flags (vcgencmd get_throttled): bit 0 under-voltage, 1 frequency capped,
// 2 throttled, 3 soft temperature limit; bits 16-19 the same "has occurred since boot".
const THROTTLE_BITS: Array<[number, string]> = [
  [0, "subtensão agora"],
  [1, "frequência limitada agora"],
  [2, "throttling agora"],
  [3, "limite de temperatura agora"],
  [16, "houve subtensão"],
  [17, "houve limite de frequência"],
  [18, "houve throttling"],
  [19, "houve limite de temperatura"],
];

export function describeThrottled(value: number): string {
  const flags = THROTTLE_BITS.filter(([bit]) => (value & (1 << bit)) !== 0).map(([, text]) => text);
  return flags.length === 0 ? "nenhum" : flags.join(", ");
}

const GB = 1024 ** 3;

export async function collectDiag(
  throttledPath = "/sys/devices/platform/soc/soc:firmware/get_throttled",
  dataPath = "/",
): Promise<string[]> {
  const [temp, mem, disks, load] = await Promise.all([
    si.cpuTemperature().catch(() => null),
    si.mem().catch(() => null),
    si.fsSize().catch(() => []),
    si.currentLoad().catch(() => null),
  ]);
  const lines: string[] = [];
  lines.push(`temperatura CPU: ${temp?.main ? `${temp.main.toFixed(1)} °C` : "indisponível"}`);
  const throttled = await readFile(throttledPath, "utf8").then(
    (t) => describeThrottled(Number.parseInt(t.trim(), 16)),
    () => "indisponível (não é um Raspberry Pi?)",
  );
  lines.push(`throttling: ${throttled}`);
  if (mem)
    lines.push(
      `memória: ${((mem.available ?? 0) / GB).toFixed(2)} GB livres de ${(mem.total / GB).toFixed(2)} GB`,
    );
  const disk = disks
    .filter((d) => dataPath.startsWith(d.mount))
    .sort((a, b) => b.mount.length - a.mount.length)[0];
  if (disk)
    lines.push(
      `disco ${disk.mount}: ${((disk.size - disk.used) / GB).toFixed(2)} GB livres (${disk.use.toFixed(0)}% usado)`,
    );
  if (load) lines.push(`carga da CPU: ${load.currentLoad.toFixed(0)}%`);
  lines.push(`ativo há: ${Math.floor(si.time().uptime / 3600)} h`);
  return lines;
}
