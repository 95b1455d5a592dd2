// Shared setup for the API tests: a server per test, closed after it.
import { afterEach, expect } from "vitest";
import { createTestDeps } from "./test-deps.js";

export type Deps = ReturnType<typeof createTestDeps>;
let current: Deps | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

export function setup(): Deps {
  current = createTestDeps();
  return current;
}

export async function login(d: Deps, user: string, pin: string): Promise<string> {
  const res = await d.app.inject({ method: "POST", url: "/api/login", payload: { user, pin } });
  expect(res.statusCode).toBe(200);
  return res.json().token as string;
}
