// Whatever bytes arrive, the scan pipeline never throws and only passes on valid GTINs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { checkBarcode } from "../../src/hal/scanner/barcode.js";
import { type ScanEvent, ScanPipeline, type ScanRejection } from "../../src/hal/scanner/scanner.js";

describe("scan pipeline under arbitrary input", () => {
  it("random chunks: no exception, every scan is a valid GTIN, memory stays bounded", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 200 }),
            fc.constantFrom("7891000100103\r", "96385074\n", "\r\n").map((s) => Buffer.from(s)),
          ),
          {
            maxLength: 30,
          },
        ),
        fc.boolean(),
        (chunks, flush) => {
          const scans: ScanEvent[] = [];
          const rejections: ScanRejection[] = [];
          const pipeline = new ScanPipeline(64, new ManualClock("2026-11-22T12:00:00Z"), {
            scan: (e) => scans.push(e),
            rejected: (r) => rejections.push(r),
          });
          for (const c of chunks) pipeline.push(c);
          if (flush) pipeline.flush();
          for (const s of scans) expect(checkBarcode(s.code).ok).toBe(true);
          for (const r of rejections) expect(r.raw.length).toBeLessThanOrEqual(64);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a valid code embedded in noise on the same line is rejected, not extracted", () => {
    const scans: ScanEvent[] = [];
    const reasons: string[] = [];
    const pipeline = new ScanPipeline(64, new ManualClock("2026-11-22T12:00:00Z"), {
      scan: (e) => scans.push(e),
      rejected: (r) => reasons.push(r.reason),
    });
    pipeline.push(Buffer.from("\x017891000100103\r", "latin1"));
    pipeline.push(Buffer.from("7891000100103X\r", "latin1"));
    expect(scans).toEqual([]);
    expect(reasons).toEqual(["noise", "not-numeric"]);
  });
});
