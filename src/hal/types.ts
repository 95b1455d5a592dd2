// What every device reports ([style §7.12]): one status shape read by the UI, LEDs and console.

export type DeviceState = "ok" | "degraded" | "down";

export interface DeviceStatus {
  state: DeviceState;
  /** Short English detail for logs and integrators ("paper out", "reconnecting in 4000 ms"). */
  detail: string;
  since: Date;
}

export function deviceStatus(state: DeviceState, detail: string, since: Date): DeviceStatus {
  return { state, detail, since };
}

/** Keeps `since` when neither state nor detail changed, so "since" means what it says. */
export function nextStatus(
  previous: DeviceStatus,
  state: DeviceState,
  detail: string,
  now: Date,
): DeviceStatus {
  return previous.state === state && previous.detail === detail ? previous : { state, detail, since: now };
}
