// The QR rules that the XSD pattern normally catches first, checked on the judge itself so that
// they hold without schemas too ([NT2025.001] §04: 445 and 474; [MAN6] §4.3: 462 and 464).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { judgeQrCode } from "../../src/sefaz-sim/judge-qr.js";
import type { NoteFacts } from "../../src/sefaz-sim/nfe-facts.js";

const chave = "35261106157250000116650010000000011482736195";
const base: NoteFacts = {
  id: `NFe${chave}`,
  chave,
  cUF: "35",
  cNF: "48273619",
  mod: "65",
  serie: 1,
  nNF: 1,
  dhEmi: "2026-11-22T07:00:00-03:00",
  tpEmis: "1",
  cDV: "5",
  tpAmb: "2",
  dhCont: "",
  xJust: "",
  emitter: "06157250000116",
  emitterIsCpf: false,
  dest: undefined,
  vNF: "12.50",
  vICMS: "0.00",
  items: [],
  qrCode: "",
  digestValue: "",
  certificateBase64: "",
};
const URL = "https://www.homologacao.nfce.fazenda.sp.gov.br/qrcode?p=";
const cscs = new Map([["1", "0123456789ABCDEF0123456789ABCDEF"]]);

describe("QR code judge", () => {
  it("accepts v3 online with three parameters, answers 445 when a signature follows", () => {
    expect(judgeQrCode({ ...base, qrCode: `${URL}${chave}|3|2` }, cscs)).toBeUndefined();
    expect(judgeQrCode({ ...base, qrCode: `${URL}${chave}|3|2|QUFB` }, cscs)?.cStat).toBe("445");
  });

  it("answers 474 to a v3 offline QR without its signature", () => {
    const off = { ...base, tpEmis: "9" };
    expect(judgeQrCode({ ...off, qrCode: `${URL}${chave}|3|2|22|12.50|||` }, cscs)?.cStat).toBe("474");
  });

  it("checks the v2 hash against the registered CSC: ok, 464 on another token, 462 on an unknown id", () => {
    const params = `${chave}|2|2|1`;
    const hash = createHash("sha1")
      .update(`${params}0123456789ABCDEF0123456789ABCDEF`)
      .digest("hex")
      .toUpperCase();
    expect(judgeQrCode({ ...base, qrCode: `${URL}${params}|${hash}` }, cscs)).toBeUndefined();
    expect(judgeQrCode({ ...base, qrCode: `${URL}${params}|${"0".repeat(40)}` }, cscs)?.cStat).toBe("464");
    expect(judgeQrCode({ ...base, qrCode: `${URL}${chave}|2|2|9|${hash}` }, cscs)?.cStat).toBe("462");
  });
});
