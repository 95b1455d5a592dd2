// The image stage, checked as far as a build host without pi-gen allows: shell lint, the host-side
// stage scripts run against a scratch root filesystem, the firewall through `nft -c`, the data
// layout through systemd-tmpfiles. The arm64 chroot run is opt-in (NFCE_IMAGE_TEST=1, below).
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HardwareSchema } from "../../src/config/schema.js";
import { hasTool, run, skipNotice } from "./tools.js";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const IMAGE = join(REPO, "image");
const STAGE = join(IMAGE, "stage-nfce");

function shellScripts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".sh"))
    .map((f) => join(dir, f));
}
const SCRIPTS = [
  ...shellScripts(IMAGE),
  join(IMAGE, "config"),
  join(REPO, "scripts/update/nfce-kiosk-update"),
];

skipNotice("shellcheck", "shell lint of the image stage and the updater");
skipNotice("nft", "nftables syntax check (structural check used instead)");
skipNotice("systemd-tmpfiles", "data partition layout check");

describe.skipIf(!hasTool("shellcheck"))("shellcheck", () => {
  it.each(SCRIPTS.map((s) => relative(REPO, s)))("%s is clean", (script) => {
    const r = run("shellcheck", ["-x", "--shell=bash", "--severity=info", script], {}, REPO);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });
});

/** A scratch root shaped like pi-gen's after stage2, and the stage prepared as build-image.sh does. */
function prepare(buildEnv: string) {
  const work = mkdtempSync(join(tmpdir(), "nfce-stage-"));
  const root = join(work, "rootfs");
  const stage = join(work, "stage-nfce");
  cpSync(STAGE, stage, { recursive: true });
  mkdirSync(join(stage, "00-system/files/units"), { recursive: true });
  for (const f of readdirSync(join(REPO, "systemd")))
    cpSync(join(REPO, "systemd", f), join(stage, "00-system/files/units", f));
  cpSync(join(REPO, "scripts/update/nfce-kiosk-update"), join(stage, "00-system/files/nfce-kiosk-update"));
  writeFileSync(join(stage, "nfce-build.env"), buildEnv);
  mkdirSync(join(root, "etc"), { recursive: true });
  mkdirSync(join(root, "tmp"), { recursive: true });
  mkdirSync(join(root, "boot/firmware"), { recursive: true });
  writeFileSync(
    join(root, "etc/fstab"),
    "proc            /proc           proc    defaults          0       0\n" +
      "PARTUUID=1c2d3e4f-01  /boot/firmware  vfat    defaults          0       2\n" +
      "PARTUUID=1c2d3e4f-02  /               ext4    defaults,noatime  0       1\n",
  );
  writeFileSync(
    join(root, "boot/firmware/config.txt"),
    "# pi-gen default\ndtparam=audio=on\ncamera_auto_detect=1\n",
  );
  writeFileSync(
    join(root, "boot/firmware/cmdline.txt"),
    "console=serial0,115200 console=tty1 root=PARTUUID=1c2d3e4f-02 rootfstype=ext4 fsck.repair=yes rootwait quiet init=/usr/lib/raspberrypi-sys-mods/firstboot\n",
  );
  const runStep = (substage: string, script: string) => {
    const r = run("bash", ["-e", `./${script}`], { ROOTFS_DIR: root }, join(stage, substage));
    if (r.status !== 0) throw new Error(`${substage}/${script} failed: ${r.output}`);
  };
  return { work, root, stage, runStep };
}

describe("host-side stage scripts on a scratch root", () => {
  let s: ReturnType<typeof prepare>;
  const read = (p: string) => readFileSync(join(s.root, p), "utf8");
  beforeAll(() => {
    s = prepare("NFCE_SSH_ADMIN_NET=10.20.0.0/24\nNFCE_RTC=1\n");
    s.runStep("00-system", "00-run.sh");
    s.runStep("00-system", "01-run.sh");
    s.runStep("04-boot", "00-run.sh");
    s.runStep("04-boot", "00-run.sh"); // pi-gen may rerun a stage: edits must not pile up
  });
  afterAll(() => rmSync(s.work, { recursive: true, force: true }));

  it("mounts the data partition at /var/lib/nfce-kiosk and the boot partition read-only", () => {
    const fstab = read("etc/fstab").split("\n");
    expect(fstab).toContain(
      "LABEL=NFCE-DATA  /var/lib/nfce-kiosk  ext4  defaults,noatime,nofail,x-systemd.device-timeout=30s  0  2",
    );
    expect(fstab.find((l) => l.includes("/boot/firmware"))).toMatch(/\svfat\s+defaults,ro\s/);
    expect(fstab.find((l) => /\s\/\s/.test(l))).toMatch(/defaults,noatime/); // root untouched
  });

  it("frees the UART from the kernel console and sets the overlay root once", () => {
    const cmdline = read("boot/firmware/cmdline.txt");
    expect(cmdline.split("\n").filter((l) => l !== "")).toHaveLength(1);
    expect(cmdline).not.toMatch(/console=serial0/);
    expect(cmdline).toMatch(/console=tty1 /);
    expect(cmdline.match(/overlayroot=/g)).toHaveLength(1);
    expect(cmdline.trim().endsWith("overlayroot=tmpfs:recurse=0")).toBe(true);
  });

  it("adds UART, initramfs, LED and RTC settings to config.txt, once", () => {
    const config = read("boot/firmware/config.txt");
    expect(config.match(/# --- nfce-kiosk ---/g)).toHaveLength(1);
    for (const line of [
      "enable_uart=1",
      "dtoverlay=disable-bt",
      "auto_initramfs=1",
      "dtoverlay=i2c-rtc,ds3231",
    ]) {
      expect(config.split("\n")).toContain(line);
    }
    expect(config).toContain("dtparam=audio=on"); // pi-gen's own lines kept
  });

  it("names the LEDs exactly as the kiosk configuration's defaults", () => {
    const labels = [
      ...read("boot/firmware/config.txt").matchAll(
        /dtoverlay=gpio-led,gpio=(\d+),label=([^,]+),trigger=none/g,
      ),
    ];
    const names = HardwareSchema.properties.leds.properties.names.properties;
    expect(labels.map((m) => m[2]).sort()).toEqual(
      [names.online.default, names.contingency.default, names.fault.default].sort(),
    );
    expect(labels.map((m) => m[1])).toEqual(["17", "27", "22"]);
  });

  it("installs units, udev rules, the updater and the config files", () => {
    for (const unit of ["nfce-kiosk.service", "nfce-kiosk-ui.service", "nfce-kiosk-fault-led.service"]) {
      expect(read(`etc/systemd/system/${unit}`)).toBe(readFileSync(join(REPO, "systemd", unit), "utf8"));
    }
    expect(read("etc/udev/rules.d/70-nfce-kiosk.rules")).toContain("ID_MM_DEVICE_IGNORE");
    expect(statSync(join(s.root, "usr/local/sbin/nfce-kiosk-update")).mode & 0o111).not.toBe(0);
    expect(read("etc/systemd/journald.conf.d/10-nfce.conf")).toMatch(/^Storage=volatile$/m);
    const sshd = read("etc/ssh/sshd_config.d/10-nfce.conf");
    expect(sshd).toMatch(/^PasswordAuthentication no$/m);
    expect(sshd).toMatch(/^PermitRootLogin no$/m);
    expect(read("etc/overlayroot.local.conf")).toMatch(/^overlayroot="tmpfs:recurse=0"$/m);
    expect(read("tmp/nfce-defaults.sh")).toMatch(/^NFCE_RTC=1$/m);
  });

  it("opens SSH only to the management network given at build time", () => {
    const nft = read("etc/nftables.conf");
    expect(nft).toMatch(/policy drop;/);
    expect(nft).toContain("tcp dport 22 ip saddr 10.20.0.0/24 accept");
    expect(nft.match(/dport 22/g)).toHaveLength(1);
  });
});

describe("firewall ruleset", () => {
  const base = readFileSync(join(STAGE, "00-system/files/nftables.conf"), "utf8");
  const variants = {
    "closed (default)": base,
    "SSH from an IPv4 net": base.replace("# NFCE_SSH_ADMIN_NET", "tcp dport 22 ip saddr 10.20.0.0/24 accept"),
    "SSH from an IPv6 net": base.replace(
      "# NFCE_SSH_ADMIN_NET",
      "tcp dport 22 ip6 saddr fd00:20::/64 accept",
    ),
  };

  it("drops inbound by default and accepts only loopback, replies, ICMP errors and DHCP", () => {
    const input = /chain input \{([\s\S]*?)\n {2}\}/.exec(base)?.[1] ?? "";
    expect(input).toMatch(/policy drop;/);
    const accepts = input.split("\n").filter((l) => /\baccept$/.test(l.trim()) && !l.trim().startsWith("#"));
    expect(accepts.map((l) => l.trim().split(" ")[0])).toEqual(["ct", "iif", "ip", "ip6", "udp", "ip6"]);
    expect(base).not.toMatch(/^\s*tcp dport/m); // nothing listening is reachable by default
  });

  it.skipIf(!hasTool("nft"))("passes nft -c in every variant, and nft -c does reject a typo", () => {
    const dir = mkdtempSync(join(tmpdir(), "nfce-nft-"));
    try {
      for (const [name, text] of Object.entries(variants)) {
        const file = join(dir, "rules.nft");
        writeFileSync(file, text);
        const r = run("nft", ["-c", "-f", file]);
        expect(`${name}: ${r.output}`).toBe(`${name}: `);
        expect(r.status).toBe(0);
      }
      writeFileSync(join(dir, "bad.nft"), base.replace("policy drop;", "policy dorp;"));
      expect(run("nft", ["-c", "-f", join(dir, "bad.nft")]).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasTool("systemd-tmpfiles"))("data partition layout (systemd-tmpfiles)", () => {
  it("creates data/ for nfce, config/ readable by nfce, root-owned releases and the factory link", () => {
    const root = mkdtempSync(join(tmpdir(), "nfce-tmpfiles-"));
    try {
      mkdirSync(join(root, "etc"), { recursive: true });
      writeFileSync(
        join(root, "etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\nnfce:x:990:990::/nonexistent:/usr/sbin/nologin\n",
      );
      writeFileSync(join(root, "etc/group"), "root:x:0:\nnfce:x:990:\n");
      const conf = join(root, "nfce-kiosk.conf");
      cpSync(join(STAGE, "00-system/files/tmpfiles-nfce-kiosk.conf"), conf);
      const r = run("systemd-tmpfiles", [`--root=${root}`, "--create", conf]);
      expect(r.output).toBe("");
      const base = join(root, "var/lib/nfce-kiosk");
      const st = (p: string) => statSync(join(base, p));
      expect([st("data").uid, st("data").gid, st("data").mode & 0o777]).toEqual([990, 990, 0o750]);
      expect([st("config").uid, st("config").gid, st("config").mode & 0o777]).toEqual([0, 990, 0o750]);
      expect([st("app/releases").uid, st("app/releases").mode & 0o777]).toEqual([0, 0o755]);
      expect(lstatSync(join(base, "app/current")).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(base, "app/current"))).toBe("/usr/lib/nfce-kiosk/factory");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("pi-gen config", () => {
  it("builds bookworm arm64 Lite plus the kiosk stage, with key-only SSH", () => {
    const r = run("bash", [
      "-c",
      `set -u; NFCE_SSH_PUBKEY=k; . "${join(IMAGE, "config")}"; echo "$RELEASE|$STAGE_LIST|$PUBKEY_ONLY_SSH|$TIMEZONE_DEFAULT|$PUBKEY_SSH_FIRST_USER"`,
    ]);
    expect(r.stdout.trim()).toBe("bookworm|stage0 stage1 stage2 stage-nfce|1|America/Sao_Paulo|k");
  });
});

// Opt-in: runs the stage (packages, chroot scripts, Node, app install) in a debootstrap'd Debian
// arm64 root under qemu-user-static. Needs root, network, debootstrap, qemu-user-static and
// NODE_TARBALL/NODE_SHASUMS; takes minutes. See docs/platform.md.
describe.skipIf(process.env.NFCE_IMAGE_TEST !== "1")("stage in an arm64 chroot (NFCE_IMAGE_TEST=1)", () => {
  it("runs every substage to completion", () => {
    const r = run("bash", [join(IMAGE, "test-in-arm64-chroot.sh")]);
    expect(r.output).toMatch(/test-in-arm64-chroot: OK/);
    expect(r.status).toBe(0);
  }, 3_600_000);
});
