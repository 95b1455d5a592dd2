// The access key against the Id and the ide fields ([MOC-A1] A03-10 -> 502, B23-10 -> 253, 659,
// B03-10 -> 897). Computed here independently of the builder, so a builder bug cannot hide.
import { at, type NfceView, text } from "./nfce-view.js";
import { type GateProblem, problem } from "./types.js";

const FORBIDDEN_CNF = new Set([
  ...Array.from({ length: 10 }, (_, d) => String(d).repeat(8)),
  "12345678",
  "23456789",
  "34567890",
  "45678901",
  "56789012",
  "67890123",
  "78901234",
  "89012345",
  "90123456",
  "01234567",
]);

/** Modulo 11 with weights 2..9 from the right; value of a character = ASCII code - 48 (NT 2026.004). */
export function keyCheckDigit(first43: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = first43.length - 1; i >= 0; i--) {
    sum += (first43.charCodeAt(i) - 48) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

export function checkAccessKey(note: NfceView): GateProblem[] {
  const problems: GateProblem[] = [];
  const id = note.infNFe?.getAttribute("Id") ?? "";
  const match = /^NFe([0-9]{6}[0-9A-Z]{12}[0-9]{26})$/.exec(id);
  if (!match)
    return [problem("502", `infNFe Id "${id}" is not "NFe" + 44 characters ([MOC-A1] A03-10)`, "infNFe/@Id")];
  const chave = match[1]!;
  const expectedDv = keyCheckDigit(chave.slice(0, 43));
  if (Number(chave[43]) !== expectedDv) {
    problems.push(
      problem(
        "253",
        `key check digit is ${chave[43]}, modulo 11 gives ${expectedDv} ([MOC-A1] B23-10)`,
        "infNFe/@Id",
      ),
    );
  }
  const ide = at(note.infNFe, "ide");
  const emit = at(note.infNFe, "emit");
  const doc = text(emit, "CNPJ") ?? text(emit, "CPF") ?? "";
  const dhEmi = text(ide, "dhEmi") ?? "";
  const fields: Array<[string, string, string, string]> = [
    ["cUF", chave.slice(0, 2), text(ide, "cUF") ?? "", "502"],
    ["AAMM of dhEmi", chave.slice(2, 6), dhEmi.slice(2, 4) + dhEmi.slice(5, 7), "659"],
    ["CNPJ/CPF of emit", chave.slice(6, 20), doc.padStart(14, "0"), "502"],
    ["mod", chave.slice(20, 22), text(ide, "mod") ?? "", "502"],
    ["serie", chave.slice(22, 25), (text(ide, "serie") ?? "").padStart(3, "0"), "502"],
    ["nNF", chave.slice(25, 34), (text(ide, "nNF") ?? "").padStart(9, "0"), "502"],
    ["tpEmis", chave.slice(34, 35), text(ide, "tpEmis") ?? "", "502"],
    ["cNF", chave.slice(35, 43), text(ide, "cNF") ?? "", "502"],
    ["cDV", chave.slice(43), text(ide, "cDV") ?? "", "502"],
  ];
  for (const [name, inKey, inIde, rule] of fields) {
    if (inKey !== inIde) {
      problems.push(
        problem(
          rule,
          `${name} in the key is "${inKey}" but the document says "${inIde}" ([MOC-A1] A03-10)`,
          "infNFe/@Id",
        ),
      );
    }
  }
  const cNF = text(ide, "cNF") ?? "";
  if (FORBIDDEN_CNF.has(cNF) || Number(cNF) === Number(text(ide, "nNF"))) {
    problems.push(
      problem("897", `cNF ${cNF} is a forbidden sequence or equals nNF ([MOC-A1] B03-10)`, "ide/cNF"),
    );
  }
  return problems;
}
