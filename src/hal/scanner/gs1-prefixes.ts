// GS1 prefixes (first three digits of a GTIN-13) with their issuer, as data ([style §7.7]).
// Source: GS1 "GS1 Company Prefix" list of member organisations (gs1.org/standards/id-keys/
// company-prefix), transcribed; prefixes not listed are unassigned and rejected as misreads.
// kind: "product" (sellable item), "restricted" (in-store numbers, e.g. weighed goods),
// "not-a-product" (coupons, refund receipts).

export type PrefixKind = "product" | "restricted" | "not-a-product";

export interface PrefixRange {
  from: number;
  to: number;
  issuer: string;
  kind: PrefixKind;
}

const r = (from: number, to: number, issuer: string, kind: PrefixKind = "product"): PrefixRange => ({
  from,
  to,
  issuer,
  kind,
});

export const GS1_PREFIXES: readonly PrefixRange[] = [
  r(0, 19, "GS1 US"),
  r(20, 29, "restricted distribution", "restricted"),
  r(30, 39, "GS1 US"),
  r(40, 49, "restricted distribution", "restricted"),
  r(50, 59, "GS1 US coupons", "not-a-product"),
  r(60, 139, "GS1 US"),
  r(200, 299, "restricted distribution", "restricted"),
  r(300, 379, "GS1 France"),
  r(380, 380, "GS1 Bulgaria"),
  r(383, 383, "GS1 Slovenija"),
  r(385, 385, "GS1 Croatia"),
  r(387, 387, "GS1 BIH"),
  r(389, 389, "GS1 Montenegro"),
  r(390, 390, "GS1 Kosovo"),
  r(400, 440, "GS1 Germany"),
  r(450, 459, "GS1 Japan"),
  r(460, 469, "GS1 Russia"),
  r(470, 489, "GS1 member organisations 470-489"),
  r(490, 499, "GS1 Japan"),
  r(500, 509, "GS1 UK"),
  r(520, 521, "GS1 Association Greece"),
  r(528, 531, "GS1 member organisations 528-531"),
  r(535, 535, "GS1 Malta"),
  r(539, 539, "GS1 Ireland"),
  r(540, 549, "GS1 Belgium & Luxembourg"),
  r(560, 560, "GS1 Portugal"),
  r(569, 569, "GS1 Iceland"),
  r(570, 579, "GS1 Denmark"),
  r(590, 590, "GS1 Poland"),
  r(594, 594, "GS1 Romania"),
  r(599, 599, "GS1 Hungary"),
  r(600, 601, "GS1 South Africa"),
  r(603, 632, "GS1 member organisations 603-632"),
  r(640, 649, "GS1 Finland"),
  r(680, 681, "GS1 China"),
  r(690, 699, "GS1 China"),
  r(700, 709, "GS1 Norway"),
  r(729, 729, "GS1 Israel"),
  r(730, 739, "GS1 Sweden"),
  r(740, 746, "GS1 Central America"),
  r(750, 750, "GS1 Mexico"),
  r(754, 755, "GS1 Canada"),
  r(759, 759, "GS1 Venezuela"),
  r(760, 769, "GS1 Switzerland"),
  r(770, 771, "GS1 Colombia"),
  r(773, 773, "GS1 Uruguay"),
  r(775, 775, "GS1 Peru"),
  r(777, 777, "GS1 Bolivia"),
  r(778, 779, "GS1 Argentina"),
  r(780, 780, "GS1 Chile"),
  r(784, 784, "GS1 Paraguay"),
  r(786, 786, "GS1 Ecuador"),
  r(789, 790, "GS1 Brasil"),
  r(800, 839, "GS1 Italy"),
  r(840, 849, "GS1 Spain"),
  r(850, 850, "GS1 Cuba"),
  r(858, 860, "GS1 member organisations 858-860"),
  r(865, 865, "GS1 Mongolia"),
  r(867, 867, "GS1 North Korea"),
  r(868, 869, "GS1 Türkiye"),
  r(870, 879, "GS1 Netherlands"),
  r(880, 881, "GS1 Korea"),
  r(883, 885, "GS1 member organisations 883-885"),
  r(888, 888, "GS1 Singapore"),
  r(890, 890, "GS1 India"),
  r(893, 893, "GS1 Vietnam"),
  r(896, 896, "GS1 Pakistan"),
  r(899, 899, "GS1 Indonesia"),
  r(900, 919, "GS1 Austria"),
  r(930, 939, "GS1 Australia"),
  r(940, 949, "GS1 New Zealand"),
  r(950, 951, "GS1 Global Office"),
  r(955, 955, "GS1 Malaysia"),
  r(958, 958, "GS1 Macau"),
  r(960, 969, "GS1 Global Office (GTIN-8)"),
  r(977, 977, "ISSN (serials)"),
  r(978, 979, "ISBN / ISMN (books, music)"),
  r(980, 980, "refund receipts", "not-a-product"),
  r(981, 984, "coupons", "not-a-product"),
  r(990, 999, "coupons", "not-a-product"),
];

export function prefixOf(threeDigits: number): PrefixRange | undefined {
  return GS1_PREFIXES.find((p) => threeDigits >= p.from && threeDigits <= p.to);
}
