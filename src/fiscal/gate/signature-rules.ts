// The signature and its certificate ([MOC-A1] F01 298, F02 297, E02 291, F03 213, F03A 227), and the
// emitter the kiosk is configured for.
import { certificateFacts } from "./certificate-facts.js";
import { type NfceView, text } from "./nfce-view.js";
import { readSignature } from "./signature-structure.js";
import { checkSignatureValues } from "./signature-values.js";
import { type GateContext, type GateProblem, problem } from "./types.js";

export function checkSignature(note: NfceView, ctx: GateContext): GateProblem[] {
  const problems: GateProblem[] = [];
  const emitCnpj = text(note.infNFe, "emit/CNPJ");
  const emitCpf = text(note.infNFe, "emit/CPF");
  const expected = ctx.expectedEmitter;
  const emitterDiffers =
    expected?.cnpj !== undefined
      ? expected.cnpj !== emitCnpj
      : expected?.cpf !== undefined && expected.cpf !== emitCpf;
  if (expected && emitterDiffers) {
    problems.push(
      problem(
        "expected-emitter",
        `emit is ${emitCnpj ?? emitCpf ?? "(none)"}, the kiosk is configured for ${expected.cnpj ?? expected.cpf}`,
        "emit",
      ),
    );
  }
  const parts = readSignature(note.root);
  const reason = "reason" in parts ? parts.reason : checkSignatureValues(parts, note.native);
  if (reason !== undefined) {
    problems.push(
      problem(reason.slice(0, 3), `signature: ${reason.slice(5)} ([MOC-A1] F01/F02)`, "Signature"),
    );
  }
  if ("reason" in parts) return problems;
  const certificateBase64 = parts.certificateBase64;
  const facts = certificateFacts(certificateBase64);
  const holder = facts.holder;
  if (!holder) {
    return [
      ...problems,
      problem("290", "the certificate in KeyInfo cannot be read ([MOC-A1] E01)", "Signature/KeyInfo"),
    ];
  }
  if (ctx.certificateBase64 !== undefined && ctx.certificateBase64 !== certificateBase64) {
    problems.push(
      problem(
        "290",
        "KeyInfo does not carry the kiosk's signing certificate ([MOC-A1] E01)",
        "Signature/KeyInfo",
      ),
    );
  } else if (!facts.selfSignatureHolds) {
    problems.push(
      problem(
        "290",
        "the self-signed certificate in KeyInfo was altered: its own signature fails ([MOC-A1] E01)",
        "Signature/KeyInfo",
      ),
    );
  }
  if (emitCnpj !== undefined && holder.cnpj?.slice(0, 8) !== emitCnpj.slice(0, 8)) {
    problems.push(
      problem(
        "213",
        `certificate CNPJ ${holder.cnpj ?? "(none)"} has not the CNPJ base of emit ${emitCnpj} ([MOC-A1] F03)`,
        "Signature/KeyInfo",
      ),
    );
  }
  if (emitCpf !== undefined && holder.cpf !== emitCpf) {
    problems.push(
      problem(
        "227",
        `certificate CPF ${holder.cpf ?? "(none)"} differs from emit ${emitCpf} ([MOC-A1] F03A)`,
        "Signature/KeyInfo",
      ),
    );
  }
  if (ctx.now && (ctx.now < holder.notBefore || ctx.now > holder.notAfter)) {
    problems.push(
      problem(
        "291",
        `certificate valid ${holder.notBefore.toISOString()} to ${holder.notAfter.toISOString()} ([MOC-A1] E02)`,
        "Signature/KeyInfo",
      ),
    );
  }
  return problems;
}
