// Division rules on hand-built documents: the cases the fixture XMLs do not cover.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatLocalDateTime,
  formatMoney,
  formatQuantity,
  formatUnitPrice,
  labelValue,
  wrap,
} from "../../src/hal/printer/danfe/format.js";
import { type DanfeLine, layoutDanfe } from "../../src/hal/printer/danfe/layout-danfe.js";
import type { DanfeDocument } from "../../src/hal/printer/danfe/nfce-document.js";

const DOC: DanfeDocument = {
  chave: "35261106157250000116650010000001231482137651",
  tpAmb: "1",
  tpEmis: "1",
  nNF: "123",
  serie: "1",
  dhEmi: "2026-11-22T08:05:00-04:00",
  emitter: { CPF: "90483926086", xNome: "FULANO EMITENTE", address: "RUA A, 1, CENTRO, CUIABA - MT" },
  items: [{ cProd: "1", xProd: "ITEM", qCom: "1.0000", uCom: "UN", vUnCom: "10.00", vProd: "10.00" }],
  totals: { vProd: "10.00", vDesc: "0.00", vFrete: "5.00", vSeg: "0.00", vOutro: "1.50", vNF: "16.50" },
  payments: [{ tPag: "99", xPag: "Convênio", vPag: "16.50" }],
  consumer: { CNPJ: "11222333000181", xNome: "CLIENTE LTDA", address: "AV B, 2, CENTRO, CUIABA - MT" },
  qrCode: "https://example/qr?p=x",
  urlChave: "www.sefaz.mt.gov.br/nfce/consultanfce",
  infAdFisco: "Mensagem do fisco",
};

const text = (lines: DanfeLine[]) => lines.flatMap((l) => (l.kind === "text" ? [l.text.trim()] : []));

describe("layoutDanfe", () => {
  it("CPF emitter, CNPJ consumer with name and address, additions (frete + outras) and the amount to pay", () => {
    const lines = text(layoutDanfe(DOC, { columns: 48 }));
    expect(lines[0]).toBe("CPF: 904.839.260-86"); // [MAN6] §3.1.1 (v6.0: CPF emitter)
    expect(lines).toContain("CONSUMIDOR CNPJ: 11.222.333/0001-81");
    expect(lines).toContain("CLIENTE LTDA");
    expect(lines).toContain("AV B, 2, CENTRO, CUIABA - MT");
    expect(lines).toContain("Acréscimos R$                               6,50");
    expect(lines).toContain("Valor a Pagar R$                           16,50");
    expect(lines.join("\n")).not.toContain("Desconto");
    expect(lines).toContain("Convênio                                   16,50"); // tPag 99 prints xPag
    expect(lines).toContain("Mensagem do fisco"); // Div. VIII infAdFisco
    expect(lines).toContain("22/11/2026 08:05:00"); // -04:00 kept as local time
  });

  it("foreign consumer; xMsg from the protocol in Div. VIII; taxes line with its source", () => {
    const doc: DanfeDocument = {
      ...DOC,
      consumer: { idEstrangeiro: "AB123456" },
      totals: { ...DOC.totals, vTotTrib: "2.10" },
    };
    const lines = text(
      layoutDanfe(doc, {
        columns: 48,
        protocol: { nProt: "151260000000001", dhRecbto: "2026-11-22T12:05:01Z", xMsg: "Mensagem da SEFAZ" },
        taxesApprox: "Fonte: IBPT",
      }),
    );
    expect(lines).toContain("CONSUMIDOR Id. Estrangeiro: AB123456");
    expect(lines).toContain("Mensagem da SEFAZ");
    expect(lines).toContain("Data de autorização: 22/11/2026 08:05:01"); // UTC -> -04:00
    expect(lines.join(" ")).toContain(
      "Tributos totais incidentes (Lei Federal 12.741/2012): R$ 2,10 Fonte: IBPT",
    );
  });

  it("the store copy label goes beside the date when it fits, below it otherwise", () => {
    const wide = text(layoutDanfe({ ...DOC, tpEmis: "9" }, { columns: 48, copy: "store" }));
    expect(wide).toContain("22/11/2026 08:05:00 - Via do Estabelecimento");
    const narrow = text(layoutDanfe({ ...DOC, tpEmis: "9" }, { columns: 32, copy: "store" }));
    const at = narrow.indexOf("22/11/2026 08:05:00");
    expect(narrow[at + 1]).toBe("Via do Estabelecimento");
  });
});

describe("pt-BR formatting ([MAN6] §3.1.2: comma decimals, dot thousands)", () => {
  it.each([
    ["0.00", "0,00"],
    ["10", "10,00"],
    ["1234.5", "1.234,50"],
    ["1234567.89", "1.234.567,89"],
    ["0.5", "0,50"],
  ])("money %s -> %s", (xml, printed) => expect(formatMoney(xml)).toBe(printed));

  it("quantities drop trailing zeros; unit prices keep at least 2 decimals", () => {
    expect(formatQuantity("2.0000")).toBe("2");
    expect(formatQuantity("0.1250")).toBe("0,125");
    expect(formatQuantity("1000.0000")).toBe("1.000");
    expect(formatUnitPrice("12.5000000000")).toBe("12,50");
    expect(formatUnitPrice("0.0012500000")).toBe("0,00125");
  });

  it("local date-time: the offset of the note, converting other offsets; bad input returned as is", () => {
    expect(formatLocalDateTime("2026-01-01T02:30:00+00:00", "-03:00")).toBe("31/12/2025 23:30:00");
    expect(formatLocalDateTime("2026-01-01T02:30:00-03:00", "-03:00")).toBe("01/01/2026 02:30:00");
    expect(formatLocalDateTime("garbage", "-03:00")).toBe("garbage");
  });

  it("wrap never loses characters and never exceeds the width; labelValue right-aligns", () => {
    const long =
      "https://www.homologacao.nfce.fazenda.sp.gov.br/NFCeConsultaPublica/Paginas/ConsultaQRCode.aspx";
    for (const w of [32, 42, 48]) {
      const lines = wrap(long, w);
      expect(lines.join("")).toBe(long);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(w);
    }
    expect(labelValue("Troco R$", "5,00", 20)).toEqual(["Troco R$        5,00"]);
    expect(labelValue("Uma descrição longa de forma de pagamento", "1,00", 20)).toEqual([
      "Uma descrição longa",
      "de forma de",
      "pagamento       1,00",
    ]);
  });

  it("wrap's shortcut for a single-spaced line that fits gives what word-by-word wrapping gives", () => {
    // A leading space makes wrap take the word-by-word path, which ignores it.
    const unit = fc.constantFrom(..."ab Ç\t\u00a0/.".split(""));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 50 }), fc.constantFrom(32, 42, 48), (text, w) => {
        expect(wrap(text, w)).toEqual(wrap(` ${text}`, w));
      }),
      { numRuns: 500 },
    );
  });
});
