// tPag (YA02) codes to the names printed in Div. III (nfce-reference §2 list; IT 2024.002).
export const PAYMENT_NAMES: Readonly<Record<string, string>> = {
  "01": "Dinheiro",
  "02": "Cheque",
  "03": "Cartão de Crédito",
  "04": "Cartão de Débito",
  "05": "Crédito Loja",
  "10": "Vale Alimentação",
  "11": "Vale Refeição",
  "12": "Vale Presente",
  "13": "Vale Combustível",
  "15": "Boleto Bancário",
  "16": "Depósito Bancário",
  "17": "PIX Dinâmico",
  "18": "Transferência bancária, Carteira Digital",
  "19": "Programa de fidelidade, Cashback, Crédito Virtual",
  "20": "PIX Estático",
  "21": "Crédito em Loja",
  "22": "Pagamento Eletrônico não Informado",
  "91": "Pagamento Posterior",
  "99": "Outros",
};

export function paymentName(tPag: string, xPag?: string): string {
  if (tPag === "99" && xPag) return xPag;
  return PAYMENT_NAMES[tPag] ?? `Forma ${tPag}`;
}
