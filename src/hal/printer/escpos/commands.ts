// Pure byte builders for what the encoder library does not cover or covers in one dialect only:
// QR (Epson GS ( k / Bematech GS k Q), drawer pulse (ESC p / ESC v), cut (GS V / ESC m), DLE EOT.
import type { PrinterProfile } from "./profiles.js";

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const EOT = 0x04;

/** DLE EOT n: real-time status, answered even when the printer is offline. */
export function statusRequest(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

function le16(n: number): [number, number] {
  return [n & 0xff, (n >> 8) & 0xff];
}

/** Model 2, ECC M, byte mode; `moduleDots` from qrGeometry(). Payload sent as UTF-8 ([MAN6] §4.5.3). */
export function qrCommand(profile: PrinterProfile, payload: string, moduleDots: number): Uint8Array {
  const data = Buffer.from(payload, "utf8");
  if (profile.qr === "bematech") {
    // GS k Q N1 (ECC: 1 = M) N2 (module dots) N3 (version, 0 = auto) N4 (mode) nL nH data.
    return withData([GS, 0x6b, 0x51, 1, moduleDots, 0, 1, ...le16(data.length)], data, []);
  }
  const store = le16(data.length + 3);
  return withData(
    [
      ...[GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00], // fn 165: model 2
      ...[GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, moduleDots], // fn 167: module size
      ...[GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31], // fn 169: ECC level M
      ...[GS, 0x28, 0x6b, ...store, 0x31, 0x50, 0x30], // fn 180: store data
    ],
    data,
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30], // fn 181: print
  );
}

/** head + data + tail in one array (the payload is copied once, not spread byte by byte). */
function withData(head: readonly number[], data: Uint8Array, tail: readonly number[]): Uint8Array {
  const out = new Uint8Array(head.length + data.length + tail.length);
  out.set(head, 0);
  out.set(data, head.length);
  out.set(tail, head.length + data.length);
  return out;
}

/** Drawer kick on connector pin 2. ESC p m t1 t2 counts 2 ms units; ESC v n counts ms (max 255). */
export function drawerPulseCommand(profile: PrinterProfile, pulseMs: number): Uint8Array {
  if (profile.drawer === "esc-v")
    return Uint8Array.of(ESC, 0x76, Math.min(255, Math.max(1, Math.round(pulseMs))));
  const units = Math.min(255, Math.max(1, Math.round(pulseMs / 2)));
  return Uint8Array.of(ESC, 0x70, 0x00, units, units);
}

export function cutCommand(profile: PrinterProfile): Uint8Array {
  return profile.cut === "esc-m" ? Uint8Array.of(ESC, 0x6d) : Uint8Array.of(GS, 0x56, 0x01);
}

export function alignCommand(align: "left" | "center"): Uint8Array {
  return Uint8Array.of(ESC, 0x61, align === "center" ? 1 : 0);
}
