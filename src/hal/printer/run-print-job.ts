// The print job protocol shared by the real printer and the simulator: status before, bytes,
// status after. A problem before means nothing was sent; a problem after means the receipt may be
// incomplete, so it counts as not printed and can be reprinted.
import type { PrinterCondition } from "./escpos/status-bytes.js";
import { blockingReason } from "./escpos/status-bytes.js";
import type { PrintResult } from "./printer.js";

export interface PrintJobSteps {
  readStatus(): Promise<PrinterCondition>;
  send(bytes: Uint8Array): Promise<void>;
}

export async function runPrintJob(steps: PrintJobSteps, bytes: Uint8Array): Promise<PrintResult> {
  const before = await steps.readStatus();
  const notReady = blockingReason(before);
  if (notReady) return { printed: false, status: before, reason: notReady };
  try {
    await steps.send(bytes);
  } catch (error) {
    const after = await steps.readStatus().catch(() => before);
    return {
      printed: false,
      status: after,
      reason: `Falha ao enviar à impressora: ${(error as Error).message}`,
    };
  }
  const after = await steps.readStatus();
  const failed = blockingReason(after);
  if (failed)
    return { printed: false, status: after, reason: `${failed} O cupom pode estar incompleto: reimprima.` };
  return { printed: true, status: after };
}
