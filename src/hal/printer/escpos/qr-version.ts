// The QR version (ECC M) the `qrcode` package picks for a payload, without building the symbol:
// drawing the matrix and scoring 8 masks cost ~1 ms a receipt, yet only the size is needed here
// (the printer draws the symbol). The segmentation replays qrcode 1.5.4 step by step (raw split,
// version estimate, its segment graph with the same edge costs, dijkstrajs' pop order, merge), so
// the answer is the library's; test/hal/qr-version.test.ts compares the two on many payloads.
// Payloads beyond ASCII go to the library itself (UTF-8 lengths, Kanji tables: not worth copying).
import QRCode from "qrcode";

/** Data codewords per version at ECC level M (ISO/IEC 18004 table 7), index 0 = version 1. */
const DATA_CODEWORDS_M = [
  16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563, 627, 669, 714, 782,
  860, 914, 1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914, 1992, 2102, 2216, 2334,
];

const NUMERIC = 0;
const ALPHANUMERIC = 1;
const BYTE = 2;
type Mode = 0 | 1 | 2;
/** Character count indicator bits per mode for versions 1-9, 10-26, 27-40. */
const COUNT_BITS: readonly (readonly number[])[] = [
  [10, 12, 14],
  [9, 11, 13],
  [8, 16, 16],
];

function countBits(mode: Mode, version: number): number {
  const bits = COUNT_BITS[mode] as readonly number[];
  return (version < 10 ? bits[0] : version < 27 ? bits[1] : bits[2]) as number;
}

function dataBits(mode: Mode, length: number): number {
  if (mode === NUMERIC) return 10 * Math.floor(length / 3) + (length % 3 ? (length % 3) * 3 + 1 : 0);
  if (mode === ALPHANUMERIC) return 11 * Math.floor(length / 2) + 6 * (length % 2);
  return length * 8;
}

function classOf(code: number): Mode {
  if (code >= 0x30 && code <= 0x39) return NUMERIC;
  if (
    (code >= 0x41 && code <= 0x5a) ||
    code === 0x20 ||
    code === 0x24 ||
    code === 0x25 ||
    code === 0x2a ||
    code === 0x2b ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x2f ||
    code === 0x3a
  )
    return ALPHANUMERIC;
  return BYTE;
}

interface Segment {
  mode: Mode;
  length: number;
}

/** Maximal runs of digits, alphanumerics and other bytes (qrcode's three regular expressions). */
function rawSegments(payload: string): Segment[] {
  const segments: Segment[] = [];
  for (let i = 0; i < payload.length; ) {
    const mode = classOf(payload.charCodeAt(i));
    let end = i + 1;
    while (end < payload.length && classOf(payload.charCodeAt(end)) === mode) end++;
    segments.push({ mode, length: end - i });
    i = end;
  }
  return segments;
}

/** qrcode's Version.getBestVersionForData for ECC M. */
function bestVersion(segments: readonly Segment[]): number | undefined {
  for (let version = 1; version <= 40; version++) {
    const capacity = (DATA_CODEWORDS_M[version - 1] as number) * 8;
    if (segments.length === 1) {
      const { mode, length } = segments[0] as Segment;
      const usable = capacity - (countBits(mode, version) + 4);
      const fits =
        mode === NUMERIC
          ? Math.floor((usable / 10) * 3)
          : mode === ALPHANUMERIC
            ? Math.floor((usable / 11) * 2)
            : Math.floor(usable / 8);
      if (length <= fits) return version;
      continue;
    }
    let total = 0;
    for (const s of segments) total += 4 + countBits(s.mode, version) + dataBits(s.mode, s.length);
    if (total <= capacity) return version;
  }
  return undefined;
}

/**
 * qrcode's Segments.fromString: each raw segment may also be coded in a wider mode; edge costs are
 * computed exactly as its buildGraph does (including how it carries `lastCount`), and the path is
 * the one dijkstrajs returns (pop order: cost, then push order; first strictly cheaper edge wins).
 */
function optimizedSegments(raw: readonly Segment[], version: number): Segment[] {
  const nodes: { mode: Mode; length: number; lastCount: number }[] = [
    { mode: BYTE, length: 0, lastCount: 0 },
  ];
  const edges: number[][] = [[]]; // per node: target, weight, target, weight...
  let previous = [0];
  for (const seg of raw) {
    const group: Mode[] =
      seg.mode === NUMERIC
        ? [NUMERIC, ALPHANUMERIC, BYTE]
        : seg.mode === ALPHANUMERIC
          ? [ALPHANUMERIC, BYTE]
          : [BYTE];
    const current: number[] = [];
    for (const mode of group) {
      const id = nodes.length;
      nodes.push({ mode, length: seg.length, lastCount: 0 });
      edges.push([]);
      current.push(id);
      for (const p of previous) {
        const prev = nodes[p] as { mode: Mode; lastCount: number };
        let weight: number;
        if (p !== 0 && prev.mode === mode) {
          weight = dataBits(mode, prev.lastCount + seg.length) - dataBits(mode, prev.lastCount);
          prev.lastCount += seg.length;
        } else {
          if (p !== 0) prev.lastCount = seg.length;
          weight = dataBits(mode, seg.length) + 4 + countBits(mode, version);
        }
        (edges[p] as number[]).push(id, weight);
      }
    }
    previous = current;
  }
  const end = nodes.length;
  for (const p of previous) (edges[p] as number[]).push(end, 0);

  const cost = new Float64Array(end + 1).fill(Number.NaN);
  const predecessor = new Int32Array(end + 1).fill(-1);
  const queue = new MinQueue();
  cost[0] = 0;
  queue.push(0, 0);
  while (queue.size > 0) {
    const [u, costU] = queue.pop();
    const adjacent = edges[u] ?? [];
    for (let k = 0; k < adjacent.length; k += 2) {
      const v = adjacent[k] as number;
      const through = costU + (adjacent[k + 1] as number);
      const known = cost[v] as number;
      if (Number.isNaN(known) || known > through) {
        cost[v] = through;
        queue.push(v, through);
        predecessor[v] = u;
      }
    }
  }
  const path: number[] = [];
  for (let u = predecessor[end] as number; u > 0; u = predecessor[u] as number) path.push(u);
  path.reverse();
  const merged: Segment[] = [];
  for (const id of path) {
    const node = nodes[id] as Segment;
    const last = merged[merged.length - 1];
    if (last && last.mode === node.mode) last.length += node.length;
    else merged.push({ mode: node.mode, length: node.length });
  }
  return merged;
}

/** dijkstrajs keeps a stably sorted array: the cheapest first, ties in push order. Same order here. */
class MinQueue {
  private readonly items: { value: number; cost: number; seq: number }[] = [];
  private seq = 0;
  get size(): number {
    return this.items.length;
  }
  push(value: number, cost: number): void {
    const items = this.items;
    items.push({ value, cost, seq: this.seq++ });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): [number, number] {
    const items = this.items;
    const top = items[0] as { value: number; cost: number };
    const last = items.pop() as { value: number; cost: number; seq: number };
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && this.before(l, best)) best = l;
        if (r < items.length && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return [top.value, top.cost];
  }
  private before(a: number, b: number): boolean {
    const x = this.items[a] as { cost: number; seq: number };
    const y = this.items[b] as { cost: number; seq: number };
    return x.cost < y.cost || (x.cost === y.cost && x.seq < y.seq);
  }
  private swap(a: number, b: number): void {
    const t = this.items[a] as { value: number; cost: number; seq: number };
    this.items[a] = this.items[b] as typeof t;
    this.items[b] = t;
  }
}

const ASCII = /^[\x00-\x7f]+$/;

/** The version `QRCode.create(payload, { errorCorrectionLevel: "M" })` produces. */
export function qrVersionM(payload: string): number {
  if (!ASCII.test(payload)) return QRCode.create(payload, { errorCorrectionLevel: "M" }).version;
  const raw = rawSegments(payload);
  const estimated = bestVersion(raw) ?? 40;
  const version = bestVersion(optimizedSegments(raw, estimated));
  if (version === undefined) throw new Error("The amount of data is too big to be stored in a QR Code");
  return version;
}
