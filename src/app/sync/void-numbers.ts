// Step 4 of a round: reserved numbers nobody used (open gaps, abandoned online attempts) are voided
// with inutNFe as soon as SEFAZ is reachable, well before the 10th of the next month (Aj. SINIEF
// 19/16 cl. 16; voiding early is allowed). Numbers of offline notes are never voided ([A4] §5): the
// journal's numbersToVoid never lists them and recordInutilizacao refuses them.
import { elementRaw } from "../../fiscal/sefaz/xml-text.js";
import type { NumberRange } from "../../journal/journal.js";
import { localDateOf } from "../../time/zoned-time.js";
import { timeZoneOfUf } from "../../watchdog/deadline.js";
import { GAP_XJUST, LATE_ARRIVAL_MARGIN_MS, VOID_XJUST } from "../../watchdog/reconcile.js";
import { backoffUntil, type RoundContext, SYNC_ACTOR, waitOutBlock } from "./round-context.js";
import { settleUncertain } from "./settle-uncertain.js";

export const rangeKey = (r: NumberRange) => `inut:${r.series}:${r.nNFIni}-${r.nNFFin}`;

/**
 * An online note that SEFAZ rejected is not in its base, and its number cannot be sent again as
 * tpEmis 1 after 5 min (704): give the number up (abandoned), so that step 4 voids it.
 */
export function abandonRejectedAttempts(ctx: RoundContext): void {
  const limit = ctx.clock.now().getTime() - LATE_ARRIVAL_MARGIN_MS;
  for (const n of ctx.journal.listNotes({ status: "rejected" })) {
    if (n.tpEmis !== 1 || Date.parse(n.dhEmi) > limit) continue;
    ctx.journal.transition(
      n.chave,
      "abandoned",
      { reason: `online note rejected (${n.cStat ?? "?"}): number to be voided` },
      SYNC_ACTOR,
    );
    ctx.onNote(n.chave, "abandoned");
  }
}

export async function voidRange(ctx: RoundContext, range: NumberRange): Promise<void> {
  const { journal, memory, clock, log, config } = ctx;
  const key = rangeKey(range);
  const now = clock.now();
  const abandoned = journal
    .listNotes({ status: "abandoned" })
    .filter((n) => n.series === range.series && n.nNF >= range.nNFIni && n.nNF <= range.nNFFin);
  // inutNFe's "ano": the year the numbers belong to (the attempt's dhEmi), else the current one.
  const year = abandoned[0]
    ? Number(abandoned[0].dhEmi.slice(0, 4))
    : localDateOf(now, timeZoneOfUf(config.emitter.address.uf)).year;
  // Outbox: the attempt is on record before the request leaves.
  memory.update(key, (m) => ({ ...m, attempts: m.attempts + 1, lastAttemptAt: now.toISOString() }));
  const r = await ctx.sefaz.inutilize({
    series: range.series,
    nNFIni: range.nNFIni,
    nNFFin: range.nNFFin,
    year,
    xJust: abandoned.length > 0 ? VOID_XJUST : GAP_XJUST,
  });
  switch (r.outcome) {
    case "done":
      ctx.tally.answered++;
      journal.recordInutilizacao(
        {
          ...range,
          xml: elementRaw(r.procInutNFeXml, "inutNFe") ?? r.procInutNFeXml,
          cStat: r.cStat,
          xMotivo: r.xMotivo,
          nProt: r.nProt,
          procXml: r.procInutNFeXml,
        },
        SYNC_ACTOR,
      );
      memory.forget(key);
      ctx.tally.voided += range.nNFFin - range.nNFIni + 1;
      for (const n of abandoned) ctx.onNote(n.chave, "voided");
      return;
    case "rejected":
      ctx.tally.answered++;
      log.warn("inutilização refused", { ...range, cStat: r.cStat, xMotivo: r.xMotivo });
      if (r.action === "transient") {
        ctx.halted = `inutilização ${r.cStat}`;
        memory.update(key, (m) => ({ ...m, notBefore: backoffUntil(now, m.attempts) }));
        return;
      }
      if (r.cStat === "241") {
        // A number of the range is at SEFAZ after all (a late arrival): query the attempts again.
        for (const n of abandoned) await settleUncertain(ctx, n);
        memory.forget(key);
        return;
      }
      memory.update(key, (m) => ({
        ...m,
        held: `Inutilização ${range.nNFIni}-${range.nNFFin} recusada (${r.cStat} ${r.xMotivo}): procure o contador.`,
      }));
      return;
    case "blocked":
      waitOutBlock(ctx, key, r);
      return;
    default:
      ctx.tally.unanswered++;
      ctx.halted = `inutilização: ${r.reason}`;
      memory.update(key, (m) => ({ ...m, notBefore: backoffUntil(now, m.attempts) }));
  }
}
