// A small reader for systemd unit files: enough to check which settings a unit declares.
export type UnitFile = Map<string, Map<string, string[]>>;

/** Parses "[Section]" headers and "Key=value" lines (repeated keys keep every value, in order). */
export function parseUnitFile(text: string): UnitFile {
  const sections: UnitFile = new Map();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (current === undefined || eq < 1) throw new Error(`not a unit file line: ${line}`);
    const key = line.slice(0, eq);
    const values = current.get(key) ?? [];
    values.push(line.slice(eq + 1));
    current.set(key, values);
  }
  return sections;
}

export function unitValues(unit: UnitFile, section: string, key: string): string[] {
  return unit.get(section)?.get(key) ?? [];
}

/** Absolute executables named by Exec* lines (after systemd's "-", "+", "!", "@", ":" prefixes). */
export function execPaths(unit: UnitFile): string[] {
  const paths: string[] = [];
  for (const [key, values] of unit.get("Service") ?? []) {
    if (!key.startsWith("Exec")) continue;
    for (const value of values) {
      const command = value.replace(/^[-+!@:]+/, "").split(/\s+/)[0] ?? "";
      if (command.startsWith("/")) paths.push(command);
    }
  }
  return paths;
}
