// Hand-written unsigned NFC-e documents for the crypto and gate tests (independent of the builder).
// Two items (one with a discount), CSOSN 102, cash payment with change; valid against PL_009 and PL_010.
import { keyCheckDigit } from "../../helpers/key-check-digit.js";

export interface SampleOptions {
  tpEmis?: 1 | 9;
  tpAmb?: 1 | 2;
  dest?: { type: "CPF" | "CNPJ"; value: string };
  emitter?: { type: "CNPJ" | "CPF"; value: string };
  dhEmi?: string;
  nNF?: number;
  cNF?: string;
}

export interface Sample {
  xml: string;
  chave: string;
  dhEmi: string;
  dayOfMonth: string;
  vNF: string;
  tpEmis: 1 | 9;
  tpAmb: 1 | 2;
}

const HOMOLOG_ITEM = "NOTA FISCAL EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL";
const HOMOLOG_DEST = "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL";

export function sampleNfce(options: SampleOptions = {}): Sample {
  const tpEmis = options.tpEmis ?? 9;
  const tpAmb = options.tpAmb ?? 2;
  const dhEmi = options.dhEmi ?? "2026-11-22T07:30:00-03:00";
  const emitter = options.emitter ?? { type: "CNPJ", value: "06157250000116" };
  const nNF = options.nNF ?? 1;
  const cNF = options.cNF ?? "48273619";
  const serie = emitter.type === "CPF" ? 920 : 1;
  const aamm = dhEmi.slice(2, 4) + dhEmi.slice(5, 7);
  const first43 =
    "35" +
    aamm +
    emitter.value.padStart(14, "0") +
    "65" +
    String(serie).padStart(3, "0") +
    String(nNF).padStart(9, "0") +
    String(tpEmis) +
    cNF;
  const cDV = keyCheckDigit(first43);
  const chave = first43 + cDV;
  const item1 = tpAmb === 2 ? HOMOLOG_ITEM : "CAFE TORRADO 500G";
  const contingency =
    tpEmis === 9
      ? `<dhCont>${dhEmi}</dhCont><xJust>SEFAZ INDISPONIVEL - SEM CONEXAO COM A INTERNET</xJust>`
      : "";
  const dest = options.dest
    ? `<dest><${options.dest.type}>${options.dest.value}</${options.dest.type}>` +
      (tpAmb === 2 ? `<xNome>${HOMOLOG_DEST}</xNome>` : "<xNome>FULANO DE TAL</xNome>") +
      "<indIEDest>9</indIEDest></dest>"
    : "";
  const xml =
    `<NFe xmlns="http://www.portalfiscal.inf.br/nfe"><infNFe versao="4.00" Id="NFe${chave}">` +
    `<ide><cUF>35</cUF><cNF>${cNF}</cNF><natOp>VENDA</natOp><mod>65</mod><serie>${serie}</serie><nNF>${nNF}</nNF>` +
    `<dhEmi>${dhEmi}</dhEmi><tpNF>1</tpNF><idDest>1</idDest><cMunFG>3550308</cMunFG><tpImp>4</tpImp>` +
    `<tpEmis>${tpEmis}</tpEmis><cDV>${cDV}</cDV><tpAmb>${tpAmb}</tpAmb><finNFe>1</finNFe><indFinal>1</indFinal>` +
    `<indPres>1</indPres><procEmi>0</procEmi><verProc>nfce-kiosk 0.1.0</verProc>${contingency}</ide>` +
    `<emit><${emitter.type}>${emitter.value}</${emitter.type}><xNome>EMPRESA TESTE &amp; CIA LTDA</xNome>` +
    `<enderEmit><xLgr>RUA TESTE</xLgr><nro>100</nro><xBairro>CENTRO</xBairro><cMun>3550308</cMun>` +
    `<xMun>SAO PAULO</xMun><UF>SP</UF><CEP>01001000</CEP><cPais>1058</cPais><xPais>BRASIL</xPais>` +
    `<fone>1133334444</fone></enderEmit><IE>111111111111</IE><CRT>1</CRT></emit>${dest}` +
    `<det nItem="1"><prod><cProd>1001</cProd><cEAN>SEM GTIN</cEAN><xProd>${item1}</xProd><NCM>09012100</NCM>` +
    `<CFOP>5102</CFOP><uCom>UN</uCom><qCom>2.0000</qCom><vUnCom>12.5000000000</vUnCom><vProd>25.00</vProd>` +
    `<cEANTrib>SEM GTIN</cEANTrib><uTrib>UN</uTrib><qTrib>2.0000</qTrib><vUnTrib>12.5000000000</vUnTrib>` +
    `<indTot>1</indTot></prod><imposto><ICMS><ICMSSN102><orig>0</orig><CSOSN>102</CSOSN></ICMSSN102></ICMS>` +
    `</imposto></det>` +
    `<det nItem="2"><prod><cProd>1002</cProd><cEAN>SEM GTIN</cEAN><xProd>PAO DE QUEIJO</xProd><NCM>19052090</NCM>` +
    `<CFOP>5102</CFOP><uCom>UN</uCom><qCom>1.0000</qCom><vUnCom>5.0000000000</vUnCom><vProd>5.00</vProd>` +
    `<cEANTrib>SEM GTIN</cEANTrib><uTrib>UN</uTrib><qTrib>1.0000</qTrib><vUnTrib>5.0000000000</vUnTrib>` +
    `<vDesc>0.50</vDesc><indTot>1</indTot></prod><imposto><ICMS><ICMSSN102><orig>0</orig><CSOSN>102</CSOSN>` +
    `</ICMSSN102></ICMS></imposto></det>` +
    `<total><ICMSTot><vBC>0.00</vBC><vICMS>0.00</vICMS><vICMSDeson>0.00</vICMSDeson><vFCP>0.00</vFCP>` +
    `<vBCST>0.00</vBCST><vST>0.00</vST><vFCPST>0.00</vFCPST><vFCPSTRet>0.00</vFCPSTRet><vProd>30.00</vProd>` +
    `<vFrete>0.00</vFrete><vSeg>0.00</vSeg><vDesc>0.50</vDesc><vII>0.00</vII><vIPI>0.00</vIPI>` +
    `<vIPIDevol>0.00</vIPIDevol><vPIS>0.00</vPIS><vCOFINS>0.00</vCOFINS><vOutro>0.00</vOutro><vNF>29.50</vNF>` +
    `</ICMSTot></total><transp><modFrete>9</modFrete></transp>` +
    `<pag><detPag><tPag>01</tPag><vPag>30.00</vPag></detPag><vTroco>0.50</vTroco></pag>` +
    `<infAdic><infCpl>OBRIGADO PELA PREFERENCIA</infCpl></infAdic></infNFe></NFe>`;
  return { xml, chave, dhEmi, dayOfMonth: dhEmi.slice(8, 10), vNF: "29.50", tpEmis, tpAmb };
}
