// Whose certificate is it? The simulator's reading of CNPJ/CPF from a subject ([MOC-A1] 213 needs it).
import { describe, expect, it } from "vitest";
import { documentOfSubject, sameHolder } from "../../src/sefaz-sim/client-document.js";

describe("certificate holder", () => {
  it("reads the formatted CN of the test certificates and the ICP-Brasil NAME:CNPJ form", () => {
    expect(documentOfSubject("C=BR\nO=SpedNfe\nCN=06.157.250/0001-16")).toBe("06157250000116");
    expect(documentOfSubject("CN=NFe - Associacao NF-e:99999090910270")).toBe("99999090910270");
    expect(documentOfSubject("CN=SUPERMERCADOBOMPRECO LTDA:12345678000195")).toBe("12345678000195");
    expect(documentOfSubject("CN=904.839.260-86")).toBe("90483926086");
    expect(documentOfSubject("CN=LOJA NOVA:12ABC34501DE35")).toBe("12ABC34501DE35");
    expect(documentOfSubject("CN=localhost")).toBeUndefined();
  });

  it("compares the CNPJ base (8 characters) and the whole CPF", () => {
    expect(sameHolder("06157250000116", "06157250000297")).toBe(true);
    expect(sameHolder("06157250000116", "99999090910270")).toBe(false);
    expect(sameHolder("90483926086", "90483926086")).toBe(true);
    expect(sameHolder("90483926086", "06157250000116")).toBe(false);
    expect(sameHolder(undefined, "06157250000116")).toBe(false);
  });
});

describe("certificate holder in long names", () => {
  it("does not take 12 letters of a company name plus two digits for a CNPJ", () => {
    expect(documentOfSubject("CN=SUPERMERCADOS99 LTDA:12345678000195")).toBe("12345678000195");
  });
});
