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
 * The graph is layered (one layer per raw segment, every node linked to every node of the next
 * layer), so it lives in typed arrays: a few KiB per receipt instead of thousands of small objects.
 */
function optimizedSegments(raw: readonly Segment[], version: number): Segment[] {
  // Node 0 is the start; layer i holds 3, 2 or 1 nodes (its mode and the wider ones).
  let count = 1;
  for (const seg of raw) count += BYTE - seg.mode + 1;
  const end = count;
  const mode = new Uint8Array(count);
  const length = new Int32Array(count);
  const lastCount = new Int32Array(count);
  const layerOf = new Int32Array(count + 1).fill(-1);
  const layerStart = new Int32Array(raw.length + 1);
  // weight[q * 3 + k]: from the k-th node of the previous layer to q.
  const weight = new Float64Array(count * 3);
  let previousStart = 0;
  let previousSize = 1;
  let id = 1;
  for (let i = 0; i < raw.length; i++) {
    const seg = raw[i] as Segment;
    layerStart[i] = id;
    for (let m = seg.mode; m <= BYTE; m++, id++) {
      mode[id] = m;
      length[id] = seg.length;
      layerOf[id] = i;
      for (let k = 0; k < previousSize; k++) {
        const p = previousStart + k;
        let w: number;
        if (p !== 0 && mode[p] === m) {
          const last = lastCount[p] as number;
          w = dataBits(m as Mode, last + seg.length) - dataBits(m as Mode, last);
          lastCount[p] = last + seg.length;
        } else {
          if (p !== 0) lastCount[p] = seg.length;
          w = dataBits(m as Mode, seg.length) + 4 + countBits(m as Mode, version);
        }
        weight[id * 3 + k] = w;
      }
    }
    previousStart = layerStart[i] as number;
    previousSize = id - previousStart;
  }
  layerStart[raw.length] = id;

  const cost = new Float64Array(end + 1).fill(Number.NaN);
  const predecessor = new Int32Array(end + 1).fill(-1);
  const queue = new MinQueue(count * 3 + 2);
  cost[0] = 0;
  queue.push(0, 0);
  while (queue.size > 0) {
    const costU = queue.peekCost();
    const u = queue.pop();
    if (u === end) continue;
    // The nodes u links to: the next layer in order, or the end after the last layer.
    const layer = u === 0 ? 0 : (layerOf[u] as number) + 1;
    const first = layer < raw.length ? (layerStart[layer] as number) : end;
    const last = layer < raw.length ? (layerStart[layer + 1] as number) : end + 1;
    const k = u === 0 ? 0 : u - (layerStart[layer - 1] as number);
    for (let v = first; v < last; v++) {
      const through = costU + (v === end ? 0 : (weight[v * 3 + k] as number));
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
  const merged: Segment[] = [];
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i] as number;
    const last = merged[merged.length - 1];
    if (last && last.mode === mode[node]) last.length += length[node] as number;
    else merged.push({ mode: mode[node] as Mode, length: length[node] as number });
  }
  return merged;
}

/** dijkstrajs keeps a stably sorted array: the cheapest first, ties in push order. Same order here. */
class MinQueue {
  private readonly values: Int32Array;
  private readonly costs: Float64Array;
  private readonly seqs: Int32Array;
  private seq = 0;
  size = 0;
  constructor(capacity: number) {
    this.values = new Int32Array(capacity);
    this.costs = new Float64Array(capacity);
    this.seqs = new Int32Array(capacity);
  }
  push(value: number, cost: number): void {
    let i = this.size++;
    this.place(i, value, cost, this.seq++);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  peekCost(): number {
    return this.costs[0] as number;
  }
  pop(): number {
    const top = this.values[0] as number;
    const n = --this.size;
    if (n > 0) {
      this.place(0, this.values[n] as number, this.costs[n] as number, this.seqs[n] as number);
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < n && this.before(l, best)) best = l;
        if (r < n && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
  private place(i: number, value: number, cost: number, seq: number): void {
    this.values[i] = value;
    this.costs[i] = cost;
    this.seqs[i] = seq;
  }
  private before(a: number, b: number): boolean {
    const ca = this.costs[a] as number;
    const cb = this.costs[b] as number;
    return ca < cb || (ca === cb && (this.seqs[a] as number) < (this.seqs[b] as number));
  }
  private swap(a: number, b: number): void {
    const value = this.values[a] as number;
    const cost = this.costs[a] as number;
    const seq = this.seqs[a] as number;
    this.place(a, this.values[b] as number, this.costs[b] as number, this.seqs[b] as number);
    this.place(b, value, cost, seq);
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
