// The seeded defects of the gate tests: one note per rule, each with exactly one thing wrong.
import type { GateContext } from "../../../src/fiscal/gate/index.js";
import { buildQrCode } from "../../../src/fiscal/qr-code.js";
import { keyCheckDigit } from "../../helpers/key-check-digit.js";
import { finalNote, GATE_CSC, NOW, setQr, swap } from "./gate-helpers.js";
import { identity } from "./helpers.js";

export const CTX: GateContext = { csc: GATE_CSC, expectedEmitter: { cnpj: "06157250000116" }, now: NOW };
export const dest = { type: "CPF", value: "12345678909" } as const;

/** [name, rule expected, the note]; the note is signed after seeding unless the defect is in the signature. */
export type Seed = [string, string, () => string, GateContext?];

const IBSCBS_ITEM =
  "<IBSCBS><CST>000</CST><cClassTrib>000001</cClassTrib><gIBSCBS><vBC>25.00</vBC><gIBSUF><pIBSUF>0.10</pIBSUF>" +
  "<vIBSUF>0.03</vIBSUF></gIBSUF><gIBSMun><pIBSMun>0.00</pIBSMun><vIBSMun>0.00</vIBSMun></gIBSMun><vIBS>0.03</vIBS>" +
  "<gCBS><pCBS>0.90</pCBS><vCBS>0.23</vCBS></gCBS></gIBSCBS></IBSCBS>";
const ibsTot = (vCBS: string) =>
  "<IBSCBSTot><vBCIBSCBS>25.00</vBCIBSCBS><gIBS><gIBSUF><vDif>0.00</vDif><vDevTrib>0.00</vDevTrib><vIBSUF>0.03</vIBSUF>" +
  "</gIBSUF><gIBSMun><vDif>0.00</vDif><vDevTrib>0.00</vDevTrib><vIBSMun>0.00</vIBSMun></gIBSMun><vIBS>0.03</vIBS>" +
  "<vCredPres>0.00</vCredPres><vCredPresCondSus>0.00</vCredPresCondSus></gIBS><gCBS><vDif>0.00</vDif>" +
  `<vDevTrib>0.00</vDevTrib><vCBS>${vCBS}</vCBS><vCredPres>0.00</vCredPres><vCredPresCondSus>0.00</vCredPresCondSus></gCBS></IBSCBSTot>`;
const withIbs = (xml: string, vCBS: string | null, onItem = true) => {
  let out = onItem ? swap(xml, "</ICMS></imposto>", `</ICMS>${IBSCBS_ITEM}</imposto>`) : xml;
  if (vCBS !== null) out = swap(out, "</ICMSTot>", `</ICMSTot>${ibsTot(vCBS)}`);
  return out;
};
/** Re-keys the document after changing a key field, so the defect is the field's rule and not 502/253. */
const rekey = (xml: string, change: (first43: string) => string) =>
  xml.replace(/Id="NFe(\d{43})(\d)"/, (_m, first43: string) => {
    const next = change(first43);
    return `Id="NFe${next}${keyCheckDigit(next)}"`;
  });

export const SEEDS: Seed[] = [
  // raw message ([MOC-A1] B02, D01a, D01d, D01e, D02, D03)
  ["malformed XML", "243", () => finalNote().slice(0, -20)],
  ["whitespace between tags", "588", () => finalNote({ mutate: (x) => swap(x, "<ide>", "<ide>\n  ") })],
  [
    "namespace prefix",
    "404",
    () =>
      swap(
        swap(finalNote(), "<Signature xmlns=", "<ds:Signature xmlns:ds="),
        "</Signature>",
        "</ds:Signature>",
      ),
  ],
  ["foreign namespace", "587", () => swap(finalNote(), "<infNFeSupl>", '<infNFeSupl xmlns="urn:other">')],
  ["encoding other than UTF-8", "402", () => `<?xml version="1.0" encoding="ISO-8859-1"?>${finalNote()}`],
  [
    "wrong root",
    "516",
    () => `<nfeProc xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00">${finalNote()}</nfeProc>`,
  ],
  ["no infNFeSupl", "394", () => finalNote().replace(/<infNFeSupl>.*<\/infNFeSupl>/, "")],
  // key ([MOC-A1] A03-10, B23-10, B03-10; 659)
  [
    "Id not the fields (nNF)",
    "502",
    () => finalNote({ mutate: (x) => swap(x, "<nNF>1</nNF>", "<nNF>2</nNF>") }),
  ],
  [
    "key check digit",
    "253",
    () =>
      finalNote({
        mutate: (x) =>
          x
            .replace(/(Id="NFe\d{43})(\d)/, (_m, a, d) => `${a}${(Number(d) + 1) % 10}`)
            .replace(/<cDV>(\d)</, (_m, d) => `<cDV>${(Number(d) + 1) % 10}<`),
      }),
  ],
  [
    "AAMM of dhEmi",
    "659",
    () => finalNote({ mutate: (x) => x.replaceAll("2026-11-22T07:30", "2026-10-22T07:30") }),
  ],
  ["forbidden cNF", "897", () => finalNote({ cNF: "12345678" })],
  ["cNF equal to nNF", "897", () => finalNote({ cNF: "00000007", nNF: 7 })],
  [
    "CNPJ of the key",
    "502",
    () => finalNote({ mutate: (x) => rekey(x, (k) => k.slice(0, 6) + "06157250000297" + k.slice(20)) }),
  ],
  // ide ([MOC-A1] B09, B10, B21, B28; E04-20, I04-10)
  [
    "dhEmi not TDateTimeUTC",
    "215",
    () =>
      finalNote({
        mutate: (x) => swap(x, "<dhEmi>2026-11-22T07:30:00-03:00", "<dhEmi>2026-11-22T07:30:00.000-03:00"),
      }),
  ],
  [
    "tpEmis 1 with dhCont/xJust",
    "556",
    () =>
      finalNote({
        tpEmis: 1,
        mutate: (x) =>
          swap(
            x,
            "</verProc>",
            "</verProc><dhCont>2026-11-22T07:30:00-03:00</dhCont><xJust>SEFAZ FORA DO AR HA 10 MINUTOS</xJust>",
          ),
      }),
  ],
  [
    "tpEmis 9 without dhCont/xJust",
    "557",
    () => finalNote({ mutate: (x) => x.replace(/<dhCont>.*<\/xJust>/, "") }),
  ],
  [
    "tpImp 1 (DANFE retrato)",
    "709",
    () => finalNote({ mutate: (x) => swap(x, "<tpImp>4</tpImp>", "<tpImp>1</tpImp>") }),
  ],
  [
    "dhSaiEnt present",
    "705",
    () =>
      finalNote({
        mutate: (x) => swap(x, "</dhEmi>", "</dhEmi><dhSaiEnt>2026-11-22T07:30:00-03:00</dhSaiEnt>"),
      }),
  ],
  [
    "homologação item text",
    "373",
    () =>
      finalNote({
        mutate: (x) =>
          swap(x, "NOTA FISCAL EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL", "CAFE TORRADO"),
      }),
  ],
  [
    "homologação dest name",
    "598",
    () =>
      finalNote({
        dest,
        mutate: (x) => swap(x, "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL", "FULANO"),
      }),
  ],
  ["dhEmi in the future", "703", () => finalNote(), { ...CTX, now: new Date("2026-11-22T10:20:00Z") }],
  [
    "tpEmis 1 older than 5 minutes",
    "704",
    () => finalNote({ tpEmis: 1 }),
    { ...CTX, now: new Date("2026-11-22T10:40:00Z") },
  ],
  ["dhCont in the future", "558", () => finalNote(), { ...CTX, now: new Date("2026-11-22T10:20:00Z") }],
  // decimals and totals ([MOC-A1] W03..W16; [NT2025.002] W34..W56)
  [
    "money with one decimal",
    "215",
    () => finalNote({ mutate: (x) => swap(x, "<vProd>25.00</vProd>", "<vProd>25.0</vProd>") }),
  ],
  [
    "quantity with five decimals",
    "215",
    () => finalNote({ mutate: (x) => swap(x, "<qCom>2.0000</qCom>", "<qCom>2.00000</qCom>") }),
  ],
  [
    "Σ vProd",
    "564",
    () => finalNote({ mutate: (x) => swap(x, "<vProd>25.00</vProd>", "<vProd>25.01</vProd>") }),
  ],
  [
    "Σ vDesc",
    "537",
    () => finalNote({ mutate: (x) => swap(x, "<vDesc>0.50</vDesc><indTot>", "<vDesc>0.40</vDesc><indTot>") }),
  ],
  [
    "vNF formula",
    "610",
    () =>
      finalNote({
        vNF: "29.40",
        mutate: (x) => swap(swap(x, "<vNF>29.50</vNF>", "<vNF>29.40</vNF>"), "<vTroco>0.50", "<vTroco>0.60"),
      }),
  ],
  [
    "Σ ICMS vBC",
    "531",
    () => finalNote({ mutate: (x) => swap(x, "<vBC>0.00</vBC><vICMS>", "<vBC>1.00</vBC><vICMS>") }),
  ],
  [
    "Σ vICMS",
    "532",
    () => finalNote({ mutate: (x) => swap(x, "<vICMS>0.00</vICMS>", "<vICMS>0.18</vICMS>") }),
  ],
  ["Σ vPIS", "602", () => finalNote({ mutate: (x) => swap(x, "<vPIS>0.00</vPIS>", "<vPIS>0.10</vPIS>") })],
  [
    "Σ vCOFINS",
    "603",
    () => finalNote({ mutate: (x) => swap(x, "<vCOFINS>0.00</vCOFINS>", "<vCOFINS>0.10</vCOFINS>") }),
  ],
  ["Σ vCBS", "1091", () => finalNote({ mutate: (x) => withIbs(x, "0.22") })],
  ["IBSCBSTot without item IBSCBS", "1118", () => finalNote({ mutate: (x) => withIbs(x, "0.23", false) })],
  ["item IBSCBS without IBSCBSTot", "1119", () => finalNote({ mutate: (x) => withIbs(x, null) })],
  // payments ([MOC-A1] YA)
  [
    "payments below vNF",
    "865",
    () =>
      finalNote({
        mutate: (x) => swap(swap(x, "<vPag>30.00</vPag>", "<vPag>20.00</vPag>"), "<vTroco>0.50</vTroco>", ""),
      }),
  ],
  [
    "overpaid without vTroco",
    "866",
    () => finalNote({ mutate: (x) => swap(x, "<vTroco>0.50</vTroco>", "") }),
  ],
  [
    "wrong change",
    "869",
    () => finalNote({ mutate: (x) => swap(x, "<vTroco>0.50</vTroco>", "<vTroco>0.40</vTroco>") }),
  ],
  [
    "tPag 90 in NFC-e",
    "899",
    () => finalNote({ mutate: (x) => swap(x, "<tPag>01</tPag>", "<tPag>90</tPag>") }),
  ],
  // QR code and urlChave ([MOC-A1] ZX02; [NT2025.001]; [MAN6] §4.3-4.4)
  ["QR address of another UF", "395", () => setQr(finalNote({ tpEmis: 1 }), qr({ tpEmis: 1, uf: "RS" }))],
  [
    "urlChave of another UF",
    "ZX03",
    () => swap(finalNote(), /<urlChave>[^<]*</, "<urlChave>www.sefaz.rs.gov.br/nfce/consulta<"),
  ],
  [
    "QR v2 hash with another CSC",
    "464",
    () => finalNote({ csc: { id: "1", token: "ANOTHER-CSC-TOKEN-0000000000000" } }),
  ],
  ["QR v2 with an unknown CSC id", "462", () => finalNote({ csc: { id: "2", token: GATE_CSC.token } })],
  ["QR v2 without a CSC to check it", "462", () => finalNote(), { now: NOW }],
  [
    "QR v2 digVal not the Signature's",
    "397",
    () => setQr(finalNote(), qr({ tpEmis: 9, digestValue: "yzGYhUx1/XYYzksWB+fPR3Qc50c=" })),
  ],
  ["QR v2 offline vNF", "397", () => finalNote({ vNF: "29.40" })],
  [
    "QR v2 for a CPF emitter",
    "444",
    () => finalNote({ version: 2, emitter: { type: "CPF", value: "90483926086" } }),
    { csc: GATE_CSC, now: NOW },
  ],
  ["QR version 4", "398", () => setQr(finalNote({ tpEmis: 1 }), qr({ tpEmis: 1 }).replace("|2|2|", "|4|2|"))],
  [
    "QR v3 online with a signature",
    "445",
    () => {
      const x = finalNote({ version: 3, tpEmis: 1 });
      return setQr(x, `${/<qrCode>([^<]*)</.exec(x)![1]}|||||abcd`);
    },
  ],
  [
    "QR v3 offline without signature",
    "474",
    () => {
      const x = finalNote({ version: 3 });
      return setQr(x, /<qrCode>([^<]*)</.exec(x)![1]!.replace(/\|[^|]*$/, "|"));
    },
  ],
  [
    "QR v3 offline signature tampered",
    "583",
    () => {
      const x = finalNote({ version: 3 });
      return setQr(
        x,
        /<qrCode>([^<]*)</
          .exec(x)![1]!
          .replace(/\|([^|])([^|]*)$/, (_m, c, rest) => `|${c === "A" ? "B" : "A"}${rest}`),
      );
    },
  ],
  ["QR v3 offline dest not the note's", "397", () => finalNote({ version: 3, dest, qrDest: null })],
  // signature and certificate ([MOC-A1] E02, F01, F02, F03)
  [
    "infNFe changed after signing",
    "297",
    () => swap(finalNote(), "<natOp>VENDA</natOp>", "<natOp>VENDAS</natOp>"),
  ],
  ["Reference URI", "298", () => swap(finalNote(), 'URI="#NFe', 'URI="#NFE')],
  [
    "certificate of another CNPJ base",
    "213",
    () => finalNote({ cert: "expired" }),
    { csc: GATE_CSC, expectedEmitter: { cnpj: "06157250000116" } },
  ],
  ["expired certificate", "291", () => finalNote({ cert: "expired" })],
  [
    "another emitter than configured",
    "expected-emitter",
    () => finalNote(),
    { ...CTX, expectedEmitter: { cnpj: "11222333000181" } },
  ],
  // more fixed values of a model-65 ide ([MOC-A1] B06..B25, BA01)
  ...(
    [
      ["tpNF", "<tpNF>1</tpNF>", "<tpNF>0</tpNF>", "706"],
      ["idDest", "<idDest>1</idDest>", "<idDest>2</idDest>", "707"],
      ["finNFe", "<finNFe>1</finNFe>", "<finNFe>2</finNFe>", "715"],
      ["indFinal", "<indFinal>1</indFinal>", "<indFinal>0</indFinal>", "716"],
      ["indPres", "<indPres>1</indPres>", "<indPres>2</indPres>", "717"],
      ["tpEmis", "<tpEmis>9</tpEmis>", "<tpEmis>4</tpEmis>", "714"],
      ["mod", "<mod>65</mod>", "<mod>55</mod>", "775"],
    ] as const
  ).map(
    ([field, from, to, rule]): Seed => [
      `ide/${field} not allowed in NFC-e`,
      rule,
      () => finalNote({ mutate: (x) => swap(x, from, to) }),
    ],
  ),
  [
    "NFref present",
    "708",
    () =>
      finalNote({
        mutate: (x) => swap(x, "</ide>", `<NFref><refNFe>${"3".repeat(44)}</refNFe></NFref></ide>`),
      }),
  ],
  [
    "dhCont over 30 days before dhEmi",
    "569",
    () => finalNote({ mutate: (x) => swap(x, "<dhCont>2026-11-22", "<dhCont>2026-10-01") }),
  ],
  ["infNFe versao", "239", () => finalNote({ mutate: (x) => swap(x, 'versao="4.00"', 'versao="3.10"') })],
  [
    "infNFeSupl after Signature",
    "225",
    () => {
      const x = finalNote();
      const supl = /<infNFeSupl>.*<\/infNFeSupl>/.exec(x)![0];
      return x.replace(supl, "").replace("</NFe>", `${supl}</NFe>`);
    },
  ],
  // the other item sums ([MOC-A1] W04a..W16a)
  ...(
    [
      ["vBCST", "533"],
      ["vST", "534"],
      ["vFrete", "535"],
      ["vSeg", "536"],
      ["vOutro", "604"],
      ["vICMSDeson", "795"],
      ["vFCP", "861"],
      ["vFCPST", "862"],
      ["vFCPSTRet", "859"],
    ] as const
  ).map(
    ([field, rule]): Seed => [
      `Σ ${field}`,
      rule,
      () => finalNote({ mutate: (x) => swap(x, `<${field}>0.00</${field}>`, `<${field}>0.01</${field}>`) }),
    ],
  ),
  [
    "Σ vTotTrib",
    "685",
    () => finalNote({ mutate: (x) => swap(x, "</vNF>", "</vNF><vTotTrib>1.00</vTotTrib>") }),
  ],
  ...(
    [
      ["<vBCIBSCBS>25.00", "<vBCIBSCBS>25.01", "1076"],
      [
        "<vIBSUF>0.03</vIBSUF></gIBSUF><gIBSMun><vDif>",
        "<vIBSUF>0.04</vIBSUF></gIBSUF><gIBSMun><vDif>",
        "1080",
      ],
      [
        "<vIBSMun>0.00</vIBSMun></gIBSMun><vIBS>0.03</vIBS><vCredPres>",
        "<vIBSMun>0.01</vIBSMun></gIBSMun><vIBS>0.03</vIBS><vCredPres>",
        "1084",
      ],
      ["<vIBS>0.03</vIBS><vCredPres>", "<vIBS>0.04</vIBS><vCredPres>", "1085"],
    ] as const
  ).map(
    ([from, to, rule]): Seed => [
      `IBSCBSTot ${rule}`,
      rule,
      () => finalNote({ mutate: (x) => swap(withIbs(x, "0.23"), from, to) }),
    ],
  ),
  [
    "cMunFG of another UF",
    "271",
    () => finalNote({ mutate: (x) => swap(x, "<cMunFG>3550308</cMunFG>", "<cMunFG>3304557</cMunFG>") }),
  ],
  [
    "over R$ 10.000 without a customer",
    "750",
    () => finalNote({ vNF: "10024.50", mutate: (x) => bigSale(x, "10000.00", "10025.00", "10024.50") }),
  ],
  [
    "over the R$ 200.000 default ceiling",
    "780",
    () =>
      finalNote({ dest, vNF: "200024.50", mutate: (x) => bigSale(x, "200000.00", "200025.00", "200024.50") }),
  ],
  [
    "tPag 14 in NFC-e",
    "857",
    () => finalNote({ mutate: (x) => swap(x, "<tPag>01</tPag>", "<tPag>14</tPag>") }),
  ],
  [
    "QR v2 online with an extra parameter",
    "396",
    () => setQr(finalNote({ tpEmis: 1 }), `${qr({ tpEmis: 1 })}|1`),
  ],
  [
    "CPF emitter signed with a CNPJ certificate",
    "227",
    () => finalNote({ version: 3, emitter: { type: "CPF", value: "90483926086" }, cert: "cnpj" }),
    { now: NOW },
  ],
];

/** Raises item 2 so that vProd, vNF and the payment stay consistent (only the limit rule can fire). */
function bigSale(xml: string, item2: string, vProd: string, vNF: string): string {
  let out = swap(
    xml,
    "<vUnCom>5.0000000000</vUnCom><vProd>5.00</vProd>",
    `<vUnCom>${item2}</vUnCom><vProd>${item2}</vProd>`,
  );
  out = swap(out, "<vUnTrib>5.0000000000</vUnTrib>", `<vUnTrib>${item2}</vUnTrib>`);
  out = swap(out, "<vProd>30.00</vProd>", `<vProd>${vProd}</vProd>`);
  out = swap(out, "<vNF>29.50</vNF>", `<vNF>${vNF}</vNF>`);
  return swap(out, "<vPag>30.00</vPag>", `<vPag>${vProd}</vPag>`); // vTroco stays 0.50
}

function qr(over: { tpEmis: 1 | 9; uf?: string; digestValue?: string }): string {
  return buildQrCode({
    chave: /NFe(\d{44})/.exec(finalNote({ tpEmis: over.tpEmis }))![1]!,
    tpAmb: 2,
    tpEmis: over.tpEmis,
    version: 2,
    uf: over.uf ?? "SP",
    csc: GATE_CSC,
    dayOfMonth: "22",
    vNF: "29.50",
    digestValue: over.digestValue,
    identity: identity("cnpj"),
  });
}
