// A hand-written NFC-e for the SEFAZ tests, independent of the builder: one item, CSOSN 102, cash.
// Valid against PL_009_V4 and PL_010_V1.30 (checked in sim-judges.test.ts through the simulator).
import { createHash } from "node:crypto";
import { keyCheckDigit } from "../../helpers/key-check-digit.js";

export interface TemplateOptions {
  tpEmis?: 1 | 9;
  dhEmi: string;
  nNF?: number;
  serie?: number;
  cNF?: string;
  emitter?: { type: "CNPJ" | "CPF"; value: string };
  dest?: { type: "CPF" | "CNPJ"; value: string };
  /** Unit price in cents, to make two notes differ in value (110112 tests). */
  priceCents?: number;
  dhCont?: string;
}

export interface TemplateNote {
  xml: string;
  chave: string;
  dhEmi: string;
  dayOfMonth: string;
  vNF: string;
  tpEmis: 1 | 9;
  dest?: { type: "CPF" | "CNPJ"; value: string };
}

const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

export function templateNfce(o: TemplateOptions): TemplateNote {
  const tpEmis = o.tpEmis ?? 1;
  const emitter = o.emitter ?? { type: "CNPJ", value: "06157250000116" };
  const nNF = o.nNF ?? 1;
  const serie = o.serie ?? (emitter.type === "CPF" ? 920 : 1);
  const cNF = o.cNF ?? "48273619";
  const price = o.priceCents ?? 1250;
  const first43 = `35${o.dhEmi.slice(2, 4)}${o.dhEmi.slice(5, 7)}${emitter.value.padStart(14, "0")}65${String(serie).padStart(3, "0")}${String(nNF).padStart(9, "0")}${tpEmis}${cNF}`;
  const cDV = keyCheckDigit(first43);
  const chave = first43 + cDV;
  const vNF = money(price);
  const contingency =
    tpEmis === 9
      ? `<dhCont>${o.dhCont ?? o.dhEmi}</dhCont><xJust>SEFAZ INDISPONIVEL - SEM CONEXAO COM A INTERNET</xJust>`
      : "";
  const dest = o.dest
    ? `<dest><${o.dest.type}>${o.dest.value}</${o.dest.type}><xNome>NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL</xNome><indIEDest>9</indIEDest></dest>`
    : "";
  const xml =
    `<NFe xmlns="http://www.portalfiscal.inf.br/nfe"><infNFe versao="4.00" Id="NFe${chave}">` +
    `<ide><cUF>35</cUF><cNF>${cNF}</cNF><natOp>VENDA</natOp><mod>65</mod><serie>${serie}</serie><nNF>${nNF}</nNF>` +
    `<dhEmi>${o.dhEmi}</dhEmi><tpNF>1</tpNF><idDest>1</idDest><cMunFG>3550308</cMunFG><tpImp>4</tpImp>` +
    `<tpEmis>${tpEmis}</tpEmis><cDV>${cDV}</cDV><tpAmb>2</tpAmb><finNFe>1</finNFe><indFinal>1</indFinal>` +
    `<indPres>1</indPres><procEmi>0</procEmi><verProc>sefaz-test</verProc>${contingency}</ide>` +
    `<emit><${emitter.type}>${emitter.value}</${emitter.type}><xNome>EMPRESA TESTE LTDA</xNome>` +
    `<enderEmit><xLgr>RUA TESTE</xLgr><nro>100</nro><xBairro>CENTRO</xBairro><cMun>3550308</cMun>` +
    `<xMun>SAO PAULO</xMun><UF>SP</UF><CEP>01001000</CEP><cPais>1058</cPais><xPais>BRASIL</xPais></enderEmit>` +
    `<IE>111111111111</IE><CRT>1</CRT></emit>${dest}` +
    `<det nItem="1"><prod><cProd>1001</cProd><cEAN>SEM GTIN</cEAN><xProd>NOTA FISCAL EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL</xProd>` +
    `<NCM>09012100</NCM><CFOP>5102</CFOP><uCom>UN</uCom><qCom>1.0000</qCom><vUnCom>${vNF}</vUnCom><vProd>${vNF}</vProd>` +
    `<cEANTrib>SEM GTIN</cEANTrib><uTrib>UN</uTrib><qTrib>1.0000</qTrib><vUnTrib>${vNF}</vUnTrib><indTot>1</indTot></prod>` +
    `<imposto><ICMS><ICMSSN102><orig>0</orig><CSOSN>102</CSOSN></ICMSSN102></ICMS></imposto></det>` +
    `<total><ICMSTot><vBC>0.00</vBC><vICMS>0.00</vICMS><vICMSDeson>0.00</vICMSDeson><vFCP>0.00</vFCP>` +
    `<vBCST>0.00</vBCST><vST>0.00</vST><vFCPST>0.00</vFCPST><vFCPSTRet>0.00</vFCPSTRet><vProd>${vNF}</vProd>` +
    `<vFrete>0.00</vFrete><vSeg>0.00</vSeg><vDesc>0.00</vDesc><vII>0.00</vII><vIPI>0.00</vIPI>` +
    `<vIPIDevol>0.00</vIPIDevol><vPIS>0.00</vPIS><vCOFINS>0.00</vCOFINS><vOutro>0.00</vOutro><vNF>${vNF}</vNF>` +
    `</ICMSTot></total><transp><modFrete>9</modFrete></transp>` +
    `<pag><detPag><tPag>01</tPag><vPag>${vNF}</vPag></detPag></pag></infNFe></NFe>`;
  return {
    xml,
    chave,
    dhEmi: o.dhEmi,
    dayOfMonth: o.dhEmi.slice(8, 10),
    vNF,
    tpEmis,
    ...(o.dest ? { dest: o.dest } : {}),
  };
}

/** The QR v2 online URL computed here, apart from src/ ([MAN6] §4.3: SHA-1 of params + CSC). */
export function qrV2Online(chave: string, cscId: string, csc: string): string {
  const params = `${chave}|2|2|${cscId}`;
  const hash = createHash("sha1")
    .update(params + csc)
    .digest("hex")
    .toUpperCase();
  return `https://www.homologacao.nfce.fazenda.sp.gov.br/qrcode?p=${params}|${hash}`;
}

export function insertSupl(unsignedXml: string, qrCode: string): string {
  const supl = `<infNFeSupl><qrCode>${qrCode}</qrCode><urlChave>https://www.homologacao.nfce.fazenda.sp.gov.br/NFCeConsultaPublica</urlChave></infNFeSupl>`;
  return unsignedXml.replace("</infNFe></NFe>", `</infNFe>${supl}</NFe>`);
}
