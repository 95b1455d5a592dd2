// Fake signed notes for journal tests: structurally valid keys, XML that carries them. The real
// signing pipeline is built elsewhere; the journal only needs exact bytes and consistent keys.
import type { NewNote } from "../../../src/journal/types.js";
import { keyCheckDigit } from "../../helpers/key-check-digit.js";

export function fakeKey(series: number, nNF: number, tpEmis: 1 | 9, cNF: string): string {
  const k43 = `352611${"06157250000116"}65${String(series).padStart(3, "0")}${String(nNF).padStart(9, "0")}${tpEmis}${cNF}`;
  return k43 + keyCheckDigit(k43);
}

export function fakeNote(
  series: number,
  nNF: number,
  tpEmis: 1 | 9 = 9,
  extra: Partial<NewNote> = {},
): NewNote {
  const cNF = String((nNF * 7919 + 13) % 100_000_000).padStart(8, "0");
  const chave = fakeKey(series, nNF, tpEmis, cNF);
  const dhEmi = extra.dhEmi ?? "2026-11-22T10:00:00-03:00";
  const xml =
    `<NFe xmlns="http://www.portalfiscal.inf.br/nfe"><infNFe Id="NFe${chave}" versao="4.00"><ide><nNF>${nNF}</nNF>` +
    `<dhEmi>${dhEmi}</dhEmi><tpEmis>${tpEmis}</tpEmis></ide><total><ICMSTot><vNF>10.00</vNF></ICMSTot></total></infNFe>` +
    `<infNFeSupl><qrCode>https://example.invalid/qr?p=${chave}|2|2|1|ABC</qrCode></infNFeSupl></NFe>`;
  return {
    chave,
    series,
    nNF,
    tpEmis,
    cNF,
    dhEmi,
    vNF: "10.00",
    xml,
    qrCode: `https://example.invalid/qr?p=${chave}|2|2|1|ABC`,
    ...(tpEmis === 9 ? { dhCont: dhEmi, xJust: "Falha de comunicacao com a SEFAZ autorizadora" } : {}),
    ...extra,
  };
}

export function fakeNfeProc(xml: string, nProt: string): string {
  return `<nfeProc xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00">${xml}<protNFe versao="4.00"><infProt><nProt>${nProt}</nProt><cStat>100</cStat></infProt></protNFe></nfeProc>`;
}
