// infNFeSupl: the QR code URL and urlChave ([MOC-A1] ZX02-10..-312; [NT2025.001] ZX02-222..-338; [MAN6] §4.3-4.4).
import { createVerify } from "node:crypto";
import { digestValueHex, normalizeCscId, qrBaseUrl, qrV2Hash, urlChave } from "../qr-code.js";
import { certificateFacts } from "./certificate-facts.js";
import { at, type NfceView, text } from "./nfce-view.js";
import { type GateContext, type GateProblem, problem } from "./types.js";

const UF_BY_CODE: Record<string, string> = {
  "11": "RO",
  "12": "AC",
  "13": "AM",
  "14": "RR",
  "15": "PA",
  "16": "AP",
  "17": "TO",
  "21": "MA",
  "22": "PI",
  "23": "CE",
  "24": "RN",
  "25": "PB",
  "26": "PE",
  "27": "AL",
  "28": "SE",
  "29": "BA",
  "31": "MG",
  "32": "ES",
  "33": "RJ",
  "35": "SP",
  "41": "PR",
  "42": "SC",
  "43": "RS",
  "50": "MS",
  "51": "MT",
  "52": "GO",
  "53": "DF",
};

interface QrFacts {
  chave: string;
  tpAmb: string;
  tpEmis: string;
  day: string;
  vNF: string;
  dest: { tp: string; id: string };
  digestValue?: string;
  certificateBase64?: string;
}

export function checkQrCode(note: NfceView, ctx: GateContext): GateProblem[] {
  const qrCode = text(note.root, "infNFeSupl/qrCode");
  if (qrCode === undefined)
    return [problem("394", "infNFeSupl/qrCode is missing ([MOC-A1] ZX02-10)", "infNFeSupl/qrCode")];
  const ide = at(note.infNFe, "ide");
  const uf = UF_BY_CODE[text(ide, "cUF") ?? ""];
  const tpAmb = text(ide, "tpAmb") === "1" ? 1 : 2;
  const problems: GateProblem[] = [];
  const [base = "", params = ""] = qrCode.split("?p=");
  if (uf && sameAddress(base, qrBaseUrl(uf, tpAmb)) === false) {
    problems.push(
      problem(
        "395",
        `QR address ${base} is not ${uf}'s ${qrBaseUrl(uf, tpAmb)} ([MOC-A1] ZX02-20)`,
        "infNFeSupl/qrCode",
      ),
    );
  }
  const chaveUrl = text(note.root, "infNFeSupl/urlChave");
  if (uf && chaveUrl !== undefined && chaveUrl.toLowerCase() !== urlChave(uf, tpAmb).toLowerCase()) {
    problems.push(
      problem(
        "ZX03",
        `urlChave ${chaveUrl} is not ${uf}'s ${urlChave(uf, tpAmb)} ([NT2025.001] ZX03)`,
        "infNFeSupl/urlChave",
      ),
    );
  }
  const facts = qrFacts(note);
  const p = params.split("|");
  if (p[0] !== facts.chave)
    problems.push(problem("397", `QR key ${p[0]} differs from the note's (ZX02-228)`, "infNFeSupl/qrCode"));
  if (p[2] !== facts.tpAmb)
    problems.push(problem("397", `QR tpAmb ${p[2]} differs from the note's (ZX02-244)`, "infNFeSupl/qrCode"));
  if (p[1] === "2") {
    if (text(note.infNFe, "emit/CPF") !== undefined) {
      problems.push(
        problem("444", "QR code v2 for a CPF emitter ([NT2025.001] ZX02-222)", "infNFeSupl/qrCode"),
      );
    }
    problems.push(...checkV2(p, facts, ctx));
  } else if (p[1] === "3") {
    problems.push(...checkV3(p, facts));
  } else {
    problems.push(problem("398", `QR version "${p[1]}" is not 2 or 3 (ZX02-236)`, "infNFeSupl/qrCode"));
  }
  return problems;
}

function checkV2(p: string[], f: QrFacts, ctx: GateContext): GateProblem[] {
  const problems: GateProblem[] = [];
  const offline = f.tpEmis === "9";
  if (p.length !== (offline ? 8 : 5)) {
    return [
      problem(
        "396",
        `QR v2 ${offline ? "offline" : "online"} needs ${offline ? 8 : 5} parameters, found ${p.length} ([MAN6] §4.3)`,
        "infNFeSupl/qrCode",
      ),
    ];
  }
  if (offline) {
    problems.push(...dayAndValue(p, f));
    if (f.digestValue === undefined || p[5]!.toLowerCase() !== digestValueHex(f.digestValue)) {
      problems.push(
        problem(
          "397",
          "QR digVal is not the hex of the Signature's DigestValue (ZX02-296)",
          "infNFeSupl/qrCode",
        ),
      );
    }
  }
  const idCsc = p[p.length - 2]!;
  const hash = p[p.length - 1]!;
  if (!ctx.csc)
    return [
      ...problems,
      problem("462", "no CSC given: the v2 hash cannot be recomputed", "infNFeSupl/qrCode"),
    ];
  let configuredId: string;
  try {
    configuredId = normalizeCscId(ctx.csc.id);
  } catch {
    configuredId = ctx.csc.id;
  }
  if (idCsc !== configuredId) {
    return [
      ...problems,
      problem(
        "462",
        `QR idCSC "${idCsc}" is not the configured CSC id ${configuredId} (ZX02-304)`,
        "infNFeSupl/qrCode",
      ),
    ];
  }
  const expected = qrV2Hash(p.slice(0, -1).join("|"), ctx.csc.token);
  if (hash.toUpperCase() !== expected) {
    problems.push(
      problem(
        "464",
        `QR hash ${hash} differs from the computed ${expected} (ZX02-120, [MAN6] §4.3.4)`,
        "infNFeSupl/qrCode",
      ),
    );
  }
  return problems;
}

function checkV3(p: string[], f: QrFacts): GateProblem[] {
  if (f.tpEmis !== "9") {
    return p.length === 3
      ? []
      : [
          problem(
            "445",
            "QR v3 online must be chave|3|tpAmb, no signature ([NT2025.001] ZX02-330)",
            "infNFeSupl/qrCode",
          ),
        ];
  }
  if (p.length < 8 || p[7] === "")
    return [
      problem(
        "474",
        "QR v3 offline needs the signature parameter ([NT2025.001] ZX02-334)",
        "infNFeSupl/qrCode",
      ),
    ];
  const problems = dayAndValue(p, f);
  if (p.length > 8)
    problems.push(
      problem("396", `QR v3 offline has ${p.length} parameters, expected 8`, "infNFeSupl/qrCode"),
    );
  if (p[6] !== "" && !/^[0-9]{3,14}$/.test(p[6]!)) {
    problems.push(
      problem(
        "215",
        `QR cDest "${p[6]}" is not [0-9]{3,14} as the official qrCode pattern requires`,
        "infNFeSupl/qrCode",
      ),
    );
  }
  if (p[5] !== f.dest.tp || p[6] !== f.dest.id) {
    problems.push(
      problem(
        "397",
        `QR dest "${p[5]}|${p[6]}" differs from the note's "${f.dest.tp}|${f.dest.id}" ([NT2025.001] ZX02-328)`,
        "infNFeSupl/qrCode",
      ),
    );
  }
  if (!f.certificateBase64 || !verifiesWith(f.certificateBase64, p.slice(0, 7).join("|"), p[7]!)) {
    problems.push(
      problem(
        "583",
        "QR v3 signature does not verify with the note's certificate ([NT2025.001] ZX02-338)",
        "infNFeSupl/qrCode",
      ),
    );
  }
  return problems;
}

function dayAndValue(p: string[], f: QrFacts): GateProblem[] {
  const problems: GateProblem[] = [];
  if (p[3] !== f.day)
    problems.push(
      problem("397", `QR day "${p[3]}" is not dhEmi's day ${f.day} (ZX02-268)`, "infNFeSupl/qrCode"),
    );
  if (p[4] !== f.vNF)
    problems.push(problem("397", `QR vNF "${p[4]}" is not W16 vNF ${f.vNF} (ZX02-276)`, "infNFeSupl/qrCode"));
  return problems;
}

function qrFacts(note: NfceView): QrFacts {
  const ide = at(note.infNFe, "ide");
  const dest = at(note.infNFe, "dest");
  const destCnpj = text(dest, "CNPJ");
  const destCpf = text(dest, "CPF");
  return {
    chave: (note.infNFe?.getAttribute("Id") ?? "").slice(3),
    tpAmb: text(ide, "tpAmb") ?? "",
    tpEmis: text(ide, "tpEmis") ?? "",
    day: (text(ide, "dhEmi") ?? "").slice(8, 10),
    vNF: text(note.infNFe, "total/ICMSTot/vNF") ?? "",
    dest: destCnpj
      ? { tp: "1", id: destCnpj }
      : destCpf
        ? { tp: "2", id: destCpf }
        : dest
          ? { tp: "3", id: "" }
          : { tp: "", id: "" },
    digestValue: text(note.root, "Signature/SignedInfo/Reference/DigestValue"),
    certificateBase64: text(note.root, "Signature/KeyInfo/X509Data/X509Certificate"),
  };
}

function verifiesWith(certificateBase64: string, data: string, signature: string): boolean {
  const { key } = certificateFacts(certificateBase64);
  if ("error" in key) return false;
  try {
    return createVerify("RSA-SHA1").update(data, "utf8").verify(key.publicKey, signature, "base64");
  } catch {
    return false;
  }
}

/** [MOC-A1] ZX02-20: case is ignored; so is the scheme (the XSD allows http and https). */
function sameAddress(actual: string, expected: string): boolean {
  const strip = (url: string) =>
    url
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/\/$/, "");
  return strip(actual) === strip(expected);
}
