// What every scenario must end with (issue 5 "Done when"): each sale authorized exactly once, every
// other number voided or cancelled, SEFAZ agreeing with the journal, no duplicate (204/539) ever
// answered, the numbering contiguous (used or voided), the journal's hash chain intact.
import { expect } from "vitest";
import { duplicateAnswers, type Scenario } from "./scenario-harness.js";

export async function expectSettled(s: Scenario, saleKeys: readonly string[]): Promise<void> {
  const notes = await s.notes();
  const byKey = new Map(notes.map((n) => [n.chave, n]));
  for (const chave of saleKeys) expect(byKey.get(chave)?.status, chave).toBe("authorized");
  // Nothing else is authorized (no duplicate sale) and nothing is left waiting or held.
  expect(
    notes
      .filter((n) => n.status === "authorized")
      .map((n) => n.chave)
      .sort(),
  ).toEqual([...saleKeys].sort());
  for (const n of notes)
    expect(["authorized", "cancelled", "voided"], `${n.nNF} ${n.status}`).toContain(n.status);

  const sim = await s.simView();
  expect(duplicateAnswers(sim)).toEqual([]);
  // SEFAZ's view: exactly the sales stand authorized; every other key it knows is cancelled.
  const standing = sim.notes
    .filter((n) => ["100", "150"].includes(n.cStat) && !n.cancelled)
    .map((n) => n.chave);
  expect(standing.sort()).toEqual([...saleKeys].sort());
  for (const n of notes.filter((x) => x.status === "cancelled"))
    expect(sim.notes.find((x) => x.chave === n.chave)?.cancelled, n.chave).toBe(true);

  // Numbering: every number from 1 to the highest is a note or inside a voided range, never both
  // an authorized note and voided.
  const voided = new Set<number>();
  for (const r of sim.inutilized) for (let n = r.nNFIni; n <= r.nNFFin; n++) voided.add(n);
  const max = Math.max(...notes.map((n) => n.nNF), ...voided);
  const used = new Set(notes.filter((n) => n.status !== "voided").map((n) => n.nNF));
  for (let n = 1; n <= max; n++) expect(used.has(n) || voided.has(n), `number ${n}`).toBe(true);
  for (const n of notes.filter((x) => x.status === "authorized"))
    expect(voided.has(n.nNF), `nNF ${n.nNF}`).toBe(false);
  for (const n of notes.filter((x) => x.status === "voided"))
    expect(voided.has(n.nNF), `voided ${n.nNF}`).toBe(true);
  expect(new Set(notes.map((n) => n.nNF)).size, "one note per number").toBe(notes.length);

  const status = (await s.api("GET", "/api/status")).body;
  expect(status).toMatchObject({ pending: 0 });
  expect(s.running.core.journal.verify()).toEqual({ ok: true, problems: [] });
}
