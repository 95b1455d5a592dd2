// DLE EOT n replies (Epson ESC/POS real-time status; platform-notes §3). Every reply byte has
// bits 1 and 4 set and bits 0 and 7 clear: that is how a reply is told apart from noise.

export interface PrinterCondition {
  /** False when the printer did not answer a status request in time. */
  reachable: boolean;
  offline: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  error: boolean;
  /** DLE EOT 1 bit 2 (drawer connector pin 3); undefined when the printer did not say. */
  drawerOpen: boolean | undefined;
}

export const UNREACHABLE: PrinterCondition = {
  reachable: false,
  offline: true,
  paperOut: false,
  paperNearEnd: false,
  coverOpen: false,
  error: false,
  drawerOpen: undefined,
};

export function isStatusReply(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

const bit = (byte: number, n: number) => (byte & (1 << n)) !== 0;

/** Combines the replies to DLE EOT 1 (printer), 2 (offline cause), 3 (error cause), 4 (roll paper). */
export function decodeStatus(
  printer: number,
  offlineCause: number,
  errorCause: number,
  paperSensor: number,
): PrinterCondition {
  return {
    reachable: true,
    offline: bit(printer, 3),
    drawerOpen: bit(printer, 2),
    coverOpen: bit(offlineCause, 2),
    paperOut: bit(offlineCause, 5) || (bit(paperSensor, 5) && bit(paperSensor, 6)),
    paperNearEnd: bit(paperSensor, 2) && bit(paperSensor, 3),
    // error-cause bits: 3 autocutter, 5 unrecoverable, 6 auto-recoverable (head temperature)
    error: bit(offlineCause, 6) || bit(errorCause, 3) || bit(errorCause, 5) || bit(errorCause, 6),
  };
}

/** The replies a printer in this condition sends (used by the simulator and the pty fake). */
export function encodeStatus(c: Omit<PrinterCondition, "reachable">): {
  1: number;
  2: number;
  3: number;
  4: number;
} {
  const base = 0x12;
  return {
    1: base | (c.drawerOpen ? 0x04 : 0) | (c.offline || c.coverOpen || c.paperOut || c.error ? 0x08 : 0),
    2: base | (c.coverOpen ? 0x04 : 0) | (c.paperOut ? 0x20 : 0) | (c.error ? 0x40 : 0),
    3: base | (c.error ? 0x20 : 0),
    4: base | (c.paperNearEnd || c.paperOut ? 0x0c : 0) | (c.paperOut ? 0x60 : 0),
  };
}

/** Why a receipt cannot print now, in pt-BR for the operator; undefined when it can. */
export function blockingReason(c: PrinterCondition): string | undefined {
  if (!c.reachable) return "Impressora não responde.";
  if (c.coverOpen) return "Tampa da impressora aberta.";
  if (c.paperOut) return "Impressora sem papel.";
  if (c.error) return "Erro na impressora.";
  if (c.offline) return "Impressora offline.";
  return undefined;
}
