// Roles and what each may do. A table, so the UI, the API and the console agree.
export const ROLES = ["cashier", "supervisor", "technician"] as const;
export type Role = (typeof ROLES)[number];

export type Action =
  | "sale"
  | "reprint"
  | "sync"
  | "contingency"
  | "cancel"
  | "catalog-import"
  | "panel"
  | "users"
  | "drill"
  | "console";

export const PERMISSIONS: Record<Action, readonly Role[]> = {
  sale: ["cashier", "supervisor"],
  reprint: ["cashier", "supervisor"],
  sync: ["supervisor", "technician"],
  contingency: ["supervisor"],
  cancel: ["supervisor"],
  "catalog-import": ["supervisor"],
  panel: ["supervisor"],
  users: ["supervisor"],
  drill: ["supervisor"],
  console: ["technician"],
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function may(role: Role, action: Action): boolean {
  return PERMISSIONS[action].includes(role);
}
