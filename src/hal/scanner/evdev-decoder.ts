// Keyboard-wedge scanners read from /dev/input/by-id/*-event-kbd: the raw `struct input_event`
// stream (24 bytes on 64-bit: timeval 16, type u16, code u16, value s32; 16 bytes on 32-bit) to
// characters, with a US layout and Shift tracking. Enter becomes CR, the scanner's suffix.

const EV_KEY = 1;
const KEY_LEFTSHIFT = 42;
const KEY_RIGHTSHIFT = 54;

// Linux input-event-codes.h: key code -> [plain, shifted].
const KEYS: Record<number, [string, string]> = {
  2: ["1", "!"],
  3: ["2", "@"],
  4: ["3", "#"],
  5: ["4", "$"],
  6: ["5", "%"],
  7: ["6", "^"],
  8: ["7", "&"],
  9: ["8", "*"],
  10: ["9", "("],
  11: ["0", ")"],
  12: ["-", "_"],
  13: ["=", "+"],
  16: ["q", "Q"],
  17: ["w", "W"],
  18: ["e", "E"],
  19: ["r", "R"],
  20: ["t", "T"],
  21: ["y", "Y"],
  22: ["u", "U"],
  23: ["i", "I"],
  24: ["o", "O"],
  25: ["p", "P"],
  26: ["[", "{"],
  27: ["]", "}"],
  28: ["\r", "\r"],
  30: ["a", "A"],
  31: ["s", "S"],
  32: ["d", "D"],
  33: ["f", "F"],
  34: ["g", "G"],
  35: ["h", "H"],
  36: ["j", "J"],
  37: ["k", "K"],
  38: ["l", "L"],
  39: [";", ":"],
  40: ["'", '"'],
  43: ["\\", "|"],
  44: ["z", "Z"],
  45: ["x", "X"],
  46: ["c", "C"],
  47: ["v", "V"],
  48: ["b", "B"],
  49: ["n", "N"],
  50: ["m", "M"],
  51: [",", "<"],
  52: [".", ">"],
  53: ["/", "?"],
  57: [" ", " "],
  71: ["7", "7"],
  72: ["8", "8"],
  73: ["9", "9"],
  74: ["-", "-"],
  75: ["4", "4"],
  76: ["5", "5"],
  77: ["6", "6"],
  78: ["+", "+"],
  79: ["1", "1"],
  80: ["2", "2"],
  81: ["3", "3"],
  82: ["0", "0"],
  83: [".", "."],
  96: ["\r", "\r"],
};

export class EvdevDecoder {
  private rest = Buffer.alloc(0);
  private shift = 0;

  constructor(private readonly eventSize: 16 | 24 = 24) {}

  /** Raw event bytes in (any chunking), typed characters out; unknown keys become \x00 (noise). */
  push(chunk: Uint8Array): string {
    let data = Buffer.concat([this.rest, Buffer.from(chunk)]);
    let out = "";
    const typeAt = this.eventSize - 8;
    while (data.length >= this.eventSize) {
      const type = data.readUInt16LE(typeAt);
      const code = data.readUInt16LE(typeAt + 2);
      const value = data.readInt32LE(typeAt + 4);
      data = data.subarray(this.eventSize);
      if (type !== EV_KEY) continue;
      if (code === KEY_LEFTSHIFT || code === KEY_RIGHTSHIFT) {
        this.shift = Math.max(0, this.shift + (value === 1 ? 1 : value === 0 ? -1 : 0));
        continue;
      }
      if (value !== 1) continue; // press only; release (0) and autorepeat (2) ignored
      const key = KEYS[code];
      out += key ? key[this.shift > 0 ? 1 : 0] : "\x00";
    }
    this.rest = Buffer.from(data);
    return out;
  }
}

/** One input_event record (tests and replay tools). */
export function inputEvent(type: number, code: number, value: number, eventSize: 16 | 24 = 24): Buffer {
  const b = Buffer.alloc(eventSize);
  const at = eventSize - 8;
  b.writeUInt16LE(type, at);
  b.writeUInt16LE(code, at + 2);
  b.writeInt32LE(value, at + 4);
  return b;
}
