// The technician console's commands: a fixed table (no shell, no eval). Each answers pt-BR lines.
import { existsSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, resolve, sep } from "node:path";
import type { ConsoleProviders } from "./console-providers.js";
import type { LogRing } from "./log-ring.js";

export interface CommandContext {
  args: string[];
  user: string;
  providers: ConsoleProviders;
  ring: LogRing;
  exportRoots: readonly string[];
  now: Date;
  audit(action: string, detail: Record<string, unknown>): void;
}

export interface ConsoleCommand {
  /** "journal summary" has name "journal" and sub "summary". */
  name: string;
  sub?: string;
  help: string;
  run(ctx: CommandContext): Promise<string[]> | string[];
}

const UNAVAILABLE = ["indisponível neste equipamento (provedor não configurado)"];
const MODES = { online: "ONLINE", contingency: "CONTINGÊNCIA OFF-LINE" } as const;

function hoursLeft(iso: string, now: Date): string {
  const ms = new Date(iso).getTime() - now.getTime();
  const h = Math.floor(Math.abs(ms) / 3600_000);
  const m = Math.floor((Math.abs(ms) % 3600_000) / 60_000);
  return ms >= 0
    ? `faltam ${h}h${String(m).padStart(2, "0")}`
    : `VENCIDO há ${h}h${String(m).padStart(2, "0")}`;
}

/** A USB export target must be an existing folder inside one of the mount roots (no `..`, no links out). */
export function resolveExportDir(input: string | undefined, roots: readonly string[]): string | string[] {
  if (!input) return ["uso: export <pasta no pendrive>, por exemplo export /media/usb0"];
  if (!isAbsolute(input)) return ["informe o caminho completo da pasta (ex.: /media/usb0)"];
  if (!existsSync(input) || !statSync(input).isDirectory()) return [`pasta não encontrada: ${input}`];
  const real = realpathSync(resolve(input));
  const allowed = roots.some(
    (r) => existsSync(r) && (real + sep).startsWith(realpathSync(r) + sep) && real !== realpathSync(r),
  );
  if (!allowed) return [`só é permitido exportar para um pendrive montado em: ${roots.join(", ")}`];
  return real;
}

export const COMMANDS: readonly ConsoleCommand[] = [
  {
    name: "status",
    help: "modo (online/contingência), motivo, notas pendentes e prazo",
    run: ({ providers, now }) => {
      const s = providers.status();
      const lines = [`modo: ${MODES[s.mode]}${s.cause ? ` (motivo: ${s.causeText ?? s.cause})` : ""}`];
      lines.push(`pendentes: ${s.pending}${s.rejected ? `; rejeitadas: ${s.rejected}` : ""}`);
      if (s.deadlineAt) lines.push(`prazo da mais antiga: ${s.deadlineAt} (${hoursLeft(s.deadlineAt, now)})`);
      if (s.draining) lines.push("envio de pendentes em andamento");
      for (const [name, d] of Object.entries(s.devices ?? {}))
        lines.push(`${name}: ${d.state} - ${d.detail}`);
      return lines;
    },
  },
  {
    name: "probes",
    help: "testes de conexão (rede, DNS, SEFAZ)",
    run: async ({ providers }) =>
      providers.probes
        ? (await providers.probes()).map(
            (p) =>
              `${p.ok ? "OK  " : "FALHA"} ${p.name}: ${p.detail}${p.ms !== undefined ? ` (${p.ms} ms)` : ""}`,
          )
        : UNAVAILABLE,
  },
  {
    name: "journal",
    sub: "summary",
    help: "resumo do diário (notas por situação)",
    run: async ({ providers }) =>
      providers.journalSummary
        ? Object.entries(await providers.journalSummary()).map(([k, v]) => `${k}: ${v}`)
        : UNAVAILABLE,
  },
  {
    name: "journal",
    sub: "verify",
    help: "verifica a integridade do diário",
    run: async ({ providers }) => {
      if (!providers.journalVerify) return UNAVAILABLE;
      const r = await providers.journalVerify();
      return r.ok ? ["diário íntegro"] : ["PROBLEMAS NO DIÁRIO:", ...r.problems.map((p) => `- ${p}`)];
    },
  },
  {
    name: "pending",
    help: "notas pendentes, da mais antiga, com prazo",
    run: async ({ providers, now }) => {
      if (!providers.pending) return UNAVAILABLE;
      const list = await providers.pending();
      if (list.length === 0) return ["nenhuma nota pendente"];
      const shown = list
        .slice(0, 10)
        .map((p) => `nº ${p.nNF} série ${p.serie} emitida ${p.emittedAt} - ${hoursLeft(p.deadlineAt, now)}`);
      return list.length > 10 ? [...shown, `... e mais ${list.length - 10}`] : shown;
    },
  },
  {
    name: "printer",
    sub: "status",
    help: "estado da impressora",
    run: async ({ providers }) => {
      if (!providers.printerStatus) return UNAVAILABLE;
      const p = await providers.printerStatus();
      return [`impressora: ${p.state} - ${p.detail}`];
    },
  },
  {
    name: "printer",
    sub: "test",
    help: "imprime uma página de teste",
    run: async ({ providers, audit }) => {
      if (!providers.printerTest) return UNAVAILABLE;
      const r = await providers.printerTest();
      audit("printer.test", { printed: r.printed });
      return [r.printed ? "página de teste impressa" : `não impressa: ${r.reason ?? "erro"}`];
    },
  },
  {
    name: "led",
    sub: "test",
    help: "acende cada LED em sequência",
    run: async ({ providers, audit }) => {
      if (!providers.ledTest) return UNAVAILABLE;
      await providers.ledTest();
      audit("led.test", {});
      return ["teste de LEDs concluído: verde, âmbar, vermelho"];
    },
  },
  {
    name: "sefaz",
    sub: "status",
    help: "consulta o status do serviço da SEFAZ",
    run: async ({ providers }) => {
      if (!providers.sefazStatus) return UNAVAILABLE;
      const r = await providers.sefazStatus();
      return [`SEFAZ: cStat ${r.cStat} - ${r.xMotivo} (${r.ms} ms)`];
    },
  },
  {
    name: "cert",
    help: "validade do certificado A1 e do CSC",
    run: ({ providers, now }) => {
      if (!providers.certificate) return UNAVAILABLE;
      const c = providers.certificate();
      const days = Math.floor((new Date(c.notAfter).getTime() - now.getTime()) / 86_400_000);
      const lines = [
        `certificado: ${c.subject}`,
        `válido até ${c.notAfter} (${days >= 0 ? `${days} dias` : "VENCIDO"})`,
      ];
      if (c.cscExpiresAt) lines.push(`CSC válido até ${c.cscExpiresAt}`);
      return lines;
    },
  },
  {
    name: "clock",
    help: "hora do sistema e fonte (NTP/RTC)",
    run: ({ providers, now }) => {
      if (!providers.clock) return [`hora: ${now.toISOString()} (fonte desconhecida)`];
      const c = providers.clock();
      return [
        `hora: ${c.now}`,
        `fonte: ${c.source}; ${c.synchronized ? "sincronizada" : "NÃO sincronizada"}`,
      ];
    },
  },
  {
    name: "diag",
    help: "temperatura, throttling, disco, memória",
    run: async ({ providers }) => (providers.diag ? providers.diag() : UNAVAILABLE),
  },
  {
    name: "log",
    help: "últimas linhas do log (log [n], até 200)",
    run: ({ args, ring }) => {
      const n = args[0] === undefined ? 20 : Number(args[0]);
      if (!Number.isInteger(n) || n < 1 || n > 200) return ["uso: log [n] com n de 1 a 200"];
      const lines = ring.last(n);
      return lines.length === 0 ? ["(log vazio)"] : lines;
    },
  },
  {
    name: "sync",
    help: "envia agora as notas pendentes",
    run: async ({ providers, user, audit }) => {
      if (!providers.sync) return UNAVAILABLE;
      const r = await providers.sync(user);
      audit("sync", { ...r });
      return [
        `enviadas ${r.sent}, autorizadas ${r.authorized}, rejeitadas ${r.rejected}, pendentes ${r.pending}`,
      ];
    },
  },
  {
    name: "export",
    help: "exporta os XMLs para o contador num pendrive (export /media/usb0)",
    run: async ({ providers, args, exportRoots, user, audit }) => {
      if (!providers.exportTo) return UNAVAILABLE;
      const dir = resolveExportDir(args[0], exportRoots);
      if (Array.isArray(dir)) return dir;
      const r = await providers.exportTo(dir, user);
      audit("export", { dir, files: r.files });
      return [`${r.files} arquivo(s) exportado(s) para ${dir}`];
    },
  },
];
