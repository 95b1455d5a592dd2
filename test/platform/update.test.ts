// The updater on a scratch data partition with a fake systemctl: the A/B switch, rollback when the
// new release never gets ready or dies right after, refusal of broken bundles, journal untouched.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "./tools.js";

const UPDATER = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "scripts/update/nfce-kiosk-update");

// The fake service manager: "restart" looks at the release app/current points to. BEHAVIOUR "ok"
// gets ready, "no-ready" fails the start, "crash" gets ready and then restarts once (watchdog).
const FAKE_SYSTEMCTL = `#!/bin/bash
state="$FAKE_STATE"
echo "$*" >> "$state/calls"
case "$1" in
  restart)
    behaviour="$(cat "$NFCE_APP_DIR/current/BEHAVIOUR")"
    echo 0 > "$state/restarts"
    case "$behaviour" in
      ok) echo active > "$state/active"; exit 0 ;;
      crash) echo active > "$state/active"; echo crash > "$state/pending"; exit 0 ;;
      *) echo failed > "$state/active"; exit 1 ;;
    esac ;;
  is-active)
    if [ -f "$state/pending" ]; then rm "$state/pending"; echo 1 > "$state/restarts"; fi
    [ "$(cat "$state/active")" = active ] ;;
  show) cat "$state/restarts" ;;
esac
`;

let work: string;
let appDir: string;
let env: Record<string, string>;

function release(version: string, behaviour: string, { loads = true } = {}): string {
  const dir = join(work, `bundle-${version}`);
  mkdirSync(join(dir, "bin"), { recursive: true });
  mkdirSync(join(dir, "dist/cli"), { recursive: true });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  writeFileSync(join(dir, "VERSION"), `${version}\n`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "nfce-kiosk", version, type: "module" }));
  writeFileSync(join(dir, "bin/nfce-kiosk"), "#!/bin/sh\n");
  writeFileSync(
    join(dir, "dist/cli/main.js"),
    loads ? "export const main = () => 0;\n" : "throw new Error('broken build');\n",
  );
  writeFileSync(join(dir, "BEHAVIOUR"), behaviour);
  const tarball = join(work, `nfce-kiosk-${version}.tar.gz`);
  const r = run("tar", ["-czf", tarball, "-C", dir, "."]);
  if (r.status !== 0) throw new Error(r.output);
  return tarball;
}

function update(...args: string[]) {
  return run("bash", [UPDATER, ...args], env);
}
const current = () => readlinkSync(join(appDir, "current"));
const calls = () =>
  existsSync(join(env.FAKE_STATE!, "calls")) ? readFileSync(join(env.FAKE_STATE!, "calls"), "utf8") : "";

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "nfce-update-"));
  appDir = join(work, "part/app");
  const state = join(work, "state");
  mkdirSync(state);
  writeFileSync(join(work, "systemctl"), FAKE_SYSTEMCTL);
  chmodSync(join(work, "systemctl"), 0o755);
  // The journal beside the releases, as on the data partition: the updater must never touch it.
  mkdirSync(join(work, "part/data"), { recursive: true });
  writeFileSync(join(work, "part/data/journal.db"), "fiscal records");
  // Factory release 1.0.0 is running.
  mkdirSync(join(appDir, "releases/1.0.0"), { recursive: true });
  writeFileSync(join(appDir, "releases/1.0.0/BEHAVIOUR"), "ok");
  symlinkSync(join(appDir, "releases/1.0.0"), join(appDir, "current"));
  env = {
    NFCE_APP_DIR: appDir,
    NFCE_SYSTEMCTL: join(work, "systemctl"),
    NFCE_NODE: process.execPath,
    NFCE_READY_TIMEOUT: "10",
    NFCE_STABLE_SECONDS: "0",
    NFCE_UPDATE_LOCK: join(work, "update.lock"),
    FAKE_STATE: state,
  };
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe("nfce-kiosk-update", () => {
  it("switches to a release that gets ready, keeps the previous one, leaves the journal alone", () => {
    const r = update("install", release("1.1.0", "ok"));
    expect(r.status).toBe(0);
    expect(current()).toBe(join(appDir, "releases/1.1.0"));
    expect(readlinkSync(join(appDir, "previous"))).toBe(join(appDir, "releases/1.0.0"));
    expect(calls()).toBe("restart nfce-kiosk.service\nshow -p NRestarts --value nfce-kiosk.service\n");
    expect(readFileSync(join(work, "part/data/journal.db"), "utf8")).toBe("fiscal records");
  });

  it("keeps only the running and the previous release, and clears an interrupted unpack", () => {
    mkdirSync(join(appDir, "releases/.incoming.cut123/dist"), { recursive: true });
    expect(update("install", release("1.1.0", "ok")).status).toBe(0);
    expect(existsSync(join(appDir, "releases/.incoming.cut123"))).toBe(false);
    expect(update("install", release("1.2.0", "ok")).status).toBe(0);
    expect(existsSync(join(appDir, "releases/1.0.0"))).toBe(false);
    expect(existsSync(join(appDir, "releases/1.1.0"))).toBe(true);
    expect(current()).toBe(join(appDir, "releases/1.2.0"));
  });

  it("rolls back when the new release never reports ready", () => {
    const r = update("install", release("1.1.0", "no-ready"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/rolled back to 1\.0\.0/);
    expect(current()).toBe(join(appDir, "releases/1.0.0"));
    expect(existsSync(join(appDir, "releases/1.1.0/.failed"))).toBe(true);
    expect(calls().match(/^restart/gm)).toHaveLength(2); // the new one, then the old one again
  });

  it("rolls back when the new release restarts right after getting ready", () => {
    env.NFCE_STABLE_SECONDS = "1";
    const r = update("install", release("1.1.0", "crash"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/stopped or restarted/);
    expect(current()).toBe(join(appDir, "releases/1.0.0"));
  });

  it("refuses a bundle that does not load, a wrong checksum and a non-release, before switching", () => {
    const broken = update("install", release("1.1.0", "ok", { loads: false }));
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/does not load/);
    const wrongSum = update("install", release("1.2.0", "ok"), "0".repeat(64));
    expect(wrongSum.stderr).toMatch(/checksum mismatch/);
    const junk = join(work, "junk.tar.gz");
    writeFileSync(join(work, "junk.txt"), "x");
    run("tar", ["-czf", junk, "-C", work, "junk.txt"]);
    expect(update("install", junk).stderr).toMatch(/not an nfce-kiosk release: VERSION missing/);
    expect(current()).toBe(join(appDir, "releases/1.0.0"));
    expect(calls()).toBe("");
    expect(run("sh", ["-c", `ls -A "${join(appDir, "releases")}"`]).stdout.trim()).toBe("1.0.0"); // no leftovers
  });

  it("accepts the right checksum, and rollback swaps back", () => {
    const bundle = release("1.1.0", "ok");
    const sha = run("sha256sum", [bundle]).stdout.split(" ")[0]!;
    expect(update("install", bundle, sha).status).toBe(0);
    expect(update("rollback").status).toBe(0);
    expect(current()).toBe(join(appDir, "releases/1.0.0"));
    expect(readlinkSync(join(appDir, "previous"))).toBe(join(appDir, "releases/1.1.0"));
    expect(update("status").stdout).toContain(`current  ${join(appDir, "releases/1.0.0")}`);
  });
});
