// A rejected offline note regenerated with the SAME number, series, key and cNF ([A4] §3, §5):
// rebuilt from the stored sale JSON with the stored nNF, cNF, dhEmi, dhCont and xJust, re-signed,
// run through the same pre-print gate as a new note, and stored with storeCorrection. The printed
// key never changes (a QR v3 receipt stays valid; a v2 offline QR changes only if the digest does).
import type { ResolvedConfig } from "../../config/schema.js";
import { KioskError } from "../../errors.js";
import { buildNfce } from "../../fiscal/build-nfce.js";
import type { SigningIdentity } from "../../fiscal/certificate.js";
import { finalizeNfce } from "../../fiscal/finalize-nfce.js";
import { type GateXsdValidator, runGate } from "../../fiscal/gate/index.js";
import { parseSale } from "../../fiscal/sale.js";
import { textOf } from "../../fiscal/sefaz/xml-text.js";
import type { Journal } from "../../journal/journal.js";
import type { NoteRecord } from "../../journal/types.js";
import { tpAmbOf, VER_PROC } from "../prepare-note.js";

export interface CorrectionDeps {
  config: ResolvedConfig;
  journal: Journal;
  identity: SigningIdentity;
  now: Date;
  xsd?: GateXsdValidator;
}

function cannot(chave: string, why: string): never {
  throw new KioskError("KIOSK_ERR_INTERNAL", `cannot correct note ${chave}: ${why}`);
}

/** An operator's corrected sale (fiscal-edit.ts), stored as the note's sale with the rebuilt note. */
export interface CorrectedSale {
  sale: unknown;
  who: string;
}

/** Regenerates and stores the correction; throws (nothing stored) when it cannot keep the key. */
export async function correctOfflineNote(
  note: NoteRecord,
  deps: CorrectionDeps,
  corrected?: CorrectedSale,
): Promise<NoteRecord> {
  const { config, journal, identity } = deps;
  const chave = note.chave;
  const saleJson = corrected
    ? JSON.stringify(corrected.sale)
    : journal.getDocument(chave, "sale")?.toString("utf8");
  const stored = journal.getDocument(chave, "nfe")?.toString("utf8");
  if (saleJson === undefined || stored === undefined)
    cannot(chave, "the sale or the signed note is not in the journal");
  const dhCont = textOf(stored, "dhCont");
  const xJust = textOf(stored, "xJust");
  if (dhCont === undefined || xJust === undefined) cannot(chave, "the stored note has no dhCont/xJust");
  const built = buildNfce({
    sale: parseSale(JSON.parse(saleJson), config.emitter.crt),
    emitter: config.emitter,
    environment: config.environment,
    series: note.series,
    nNF: note.nNF,
    cNF: note.cNF,
    tpEmis: 9,
    dhEmi: new Date(note.dhEmi),
    contingency: { dhCont: new Date(dhCont), xJust },
    ...(config.respTec ? { respTec: config.respTec } : {}),
    verProc: VER_PROC,
  });
  if (built.chave !== chave) cannot(chave, `the regenerated key would be ${built.chave}`);
  // The receipt in the customer's hands shows vNF ([MAN6] §3.1.3): a correction may not change it.
  if (built.vNF !== note.vNF)
    throw new KioskError(
      "KIOSK_ERR_INPUT_INVALID",
      `cannot correct note ${chave}: its total would change from ${note.vNF} to ${built.vNF}, and the printed receipt shows it`,
      { operatorMessage: "A correção mudaria o total já impresso no cupom: não é permitida." },
    );
  const final = finalizeNfce(built.xml, {
    identity,
    qrCodeVersion: config.qrCodeVersion,
    ...(config.csc ? { csc: { id: config.csc.id, token: config.csc.token } } : {}),
    uf: config.emitter.address.uf,
    tpAmb: tpAmbOf(config),
    chave,
    tpEmis: 9,
    dayOfMonth: built.dayOfMonth,
    vNF: built.vNF,
    ...(built.dest ? { dest: built.dest } : {}),
  });
  const gate = await runGate(
    final.xml,
    {
      ...(config.csc ? { csc: { id: config.csc.id, token: config.csc.token } } : {}),
      expectedEmitter: config.emitter,
      now: deps.now,
      certificateBase64: identity.certificateBase64,
    },
    deps.xsd,
  );
  if (!gate.ok)
    throw new KioskError(
      "KIOSK_ERR_GATE_FAILED",
      `cannot correct note ${chave}: the regenerated note fails the gate: ${gate.problems.map((p) => `[${p.rule}] ${p.message}`).join("; ")}`,
      {
        operatorMessage:
          "A nota corrigida não passou na verificação; nada foi alterado. Confira os valores ou chame o técnico.",
      },
    );
  return corrected
    ? journal.storeCorrection(chave, final.xml, final.qrCode, corrected.who, saleJson)
    : journal.storeCorrection(chave, final.xml, final.qrCode, "sync");
}
