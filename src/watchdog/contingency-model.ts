// The contingency controller's model: online, or an episode of contingency with its cause, start,
// dhCont and xJust ([MOC-A1] B28-B29; [A4] §3-4), plus the configured limits that warn, then stop.
import { KioskError } from "../errors.js";
import type { EffectiveMode, LinkCause } from "./link-state.js";

export type ContingencyCause = LinkCause | "manual";

export interface ContingencyEpisode {
  /** The cause shown now (it may change during the episode). */
  cause: ContingencyCause;
  /** The cause that opened the episode; xJust says this one. */
  entryCause: ContingencyCause;
  since: Date;
  /** Entry into contingency, whole seconds (B28; TDateTimeUTC has no fractions). */
  dhCont: Date;
  /** 15-256 chars of [ -ÿ] (TString), Portuguese, saying the cause (B29). */
  xJust: string;
  manual: { by: string; reason: string } | null;
}

export type ContingencyModel =
  | { mode: "online"; since: Date }
  | { mode: "contingency"; episode: ContingencyEpisode };

export type ContingencyEvent = "entered" | "exited" | "cause-changed" | "dhCont-renewed" | null;

const XJUST_BY_CAUSE: Record<ContingencyCause, string> = {
  lan: "Falha na rede local (LAN) do estabelecimento impede a comunicação com a SEFAZ autorizadora",
  lte: "Falha na conexão móvel (LTE) do estabelecimento impede a comunicação com a SEFAZ autorizadora",
  internet: "Falha no acesso à internet impede a comunicação com a SEFAZ autorizadora",
  "sefaz-down": "SEFAZ autorizadora indisponível: o serviço de autorização não responde",
  "sefaz-slow": "SEFAZ autorizadora sem resposta no tempo de atendimento ao consumidor",
  "sefaz-paused": "SEFAZ autorizadora informou serviço paralisado momentaneamente",
  manual: "Contingência off-line acionada manualmente pelo responsável do estabelecimento",
};

/** Keeps only what TString accepts ([ -ÿ], no edge spaces) and fits 15-256 characters. */
export function sanitizeXJust(text: string, fallback: string): string {
  const cleaned = text
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[^\u0020-\u00ff]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const long = cleaned.length >= 15 ? cleaned : `${fallback}: ${cleaned}`.trim();
  return long.slice(0, 256).trimEnd();
}

/** xJust in Portuguese naming the cause; a manual entry carries the operator's reason too. */
export function buildXJust(cause: ContingencyCause, manualReason?: string): string {
  const base = XJUST_BY_CAUSE[cause];
  if (manualReason === undefined || manualReason.trim() === "") return base;
  return sanitizeXJust(`${base}: ${manualReason}`, base);
}

/** SEFAZ refuses dhCont more than 30 days before dhEmi (569): renew a day early. */
const DHCONT_MAX_AGE_MS = 29 * 24 * 3_600_000;

const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

function openEpisode(cause: ContingencyCause, mode: EffectiveMode, now: Date): ContingencyEpisode {
  const manual =
    cause === "manual" && mode.manual !== null ? { by: mode.manual.by, reason: mode.manual.reason } : null;
  return {
    cause,
    entryCause: cause,
    since: now,
    dhCont: wholeSeconds(now),
    xJust: buildXJust(cause, manual?.reason),
    manual,
  };
}

/** Folds the link decision into the model; the event says what the journal should record. */
export function nextContingencyModel(
  model: ContingencyModel,
  mode: EffectiveMode,
  now: Date,
): { model: ContingencyModel; event: ContingencyEvent } {
  if (mode.mode === "online") {
    return model.mode === "online"
      ? { model, event: null }
      : { model: { mode: "online", since: now }, event: "exited" };
  }
  const cause: ContingencyCause = mode.cause ?? "sefaz-down";
  if (model.mode === "online")
    return { model: { mode: "contingency", episode: openEpisode(cause, mode, now) }, event: "entered" };
  const episode = model.episode;
  if (now.getTime() - episode.dhCont.getTime() > DHCONT_MAX_AGE_MS) {
    return {
      model: { mode: "contingency", episode: { ...openEpisode(cause, mode, now), since: episode.since } },
      event: "dhCont-renewed",
    };
  }
  if (episode.cause !== cause) {
    return { model: { mode: "contingency", episode: { ...episode, cause } }, event: "cause-changed" };
  }
  return { model, event: null };
}

export interface ContingencyLimits {
  maxOfflineNotes: number;
  maxOfflineHours: number;
  warnAtFraction: number;
}

export interface LimitEvaluation {
  level: "ok" | "warn" | "stop";
  pendingNotes: number;
  /** Age of the oldest offline note not yet authorized, in hours (0 with none). */
  oldestHours: number;
  /** The larger of notes/max and hours/max. */
  fraction: number;
  operatorMessage: string | null;
}

const fmt = (n: number) => n.toLocaleString("pt-BR", { maximumFractionDigits: 1 });

/**
 * Counts the offline notes still waiting for authorization and the age of the oldest one (what the
 * tax authority looks at), against config.contingency. Warn from warnAtFraction, stop at the limit.
 */
export function evaluateContingencyLimits(input: {
  pendingNotes: number;
  oldestPendingAt: Date | null;
  now: Date;
  limits: ContingencyLimits;
}): LimitEvaluation {
  const { pendingNotes, limits } = input;
  const oldestHours =
    input.oldestPendingAt === null
      ? 0
      : Math.max(0, (input.now.getTime() - input.oldestPendingAt.getTime()) / 3_600_000);
  const notesFraction = pendingNotes / limits.maxOfflineNotes;
  const hoursFraction = oldestHours / limits.maxOfflineHours;
  const fraction = Math.max(notesFraction, hoursFraction);
  const base = { pendingNotes, oldestHours, fraction };
  if (notesFraction >= 1) {
    return {
      ...base,
      level: "stop",
      operatorMessage: `Limite de contingência atingido: ${fmt(pendingNotes)} notas aguardando autorização (máximo ${fmt(limits.maxOfflineNotes)}). Vendas em contingência suspensas até a SEFAZ autorizar as notas pendentes.`,
    };
  }
  if (hoursFraction >= 1) {
    return {
      ...base,
      level: "stop",
      operatorMessage: `Limite de contingência atingido: há nota aguardando autorização há ${fmt(oldestHours)} h (máximo ${fmt(limits.maxOfflineHours)} h). Vendas em contingência suspensas até a SEFAZ autorizar as notas pendentes.`,
    };
  }
  if (pendingNotes > 0 && fraction >= limits.warnAtFraction) {
    return {
      ...base,
      level: "warn",
      operatorMessage: `Atenção: contingência perto do limite (${fmt(pendingNotes)} de ${fmt(limits.maxOfflineNotes)} notas; nota mais antiga há ${fmt(oldestHours)} de ${fmt(limits.maxOfflineHours)} h). Restabeleça a conexão com a SEFAZ.`,
    };
  }
  return { ...base, level: "ok", operatorMessage: null };
}

/** Before emitting an offline note: refuses with KIOSK_ERR_CONTINGENCY_LIMIT (exit 3) at the limit. */
export function assertOfflineEmissionAllowed(evaluation: LimitEvaluation, limits: ContingencyLimits): void {
  if (evaluation.level !== "stop") return;
  throw new KioskError(
    "KIOSK_ERR_CONTINGENCY_LIMIT",
    `contingency limit reached: ${evaluation.pendingNotes} offline notes pending (max ${limits.maxOfflineNotes}), oldest ${evaluation.oldestHours.toFixed(1)} h (max ${limits.maxOfflineHours} h)`,
    { field: "contingency", retryable: true, operatorMessage: evaluation.operatorMessage ?? undefined },
  );
}

/** Renews a long episode's dhCont (569) between link decisions, e.g. right before an emission. */
export function refreshContingencyModel(
  model: ContingencyModel,
  now: Date,
): { model: ContingencyModel; event: ContingencyEvent } {
  if (model.mode === "online") return { model, event: null };
  const e = model.episode;
  const mode: EffectiveMode =
    e.cause === "manual"
      ? {
          mode: "contingency",
          cause: "manual",
          manual:
            e.manual === null
              ? null
              : { mode: "contingency", by: e.manual.by, reason: e.manual.reason, at: e.since },
        }
      : { mode: "contingency", cause: e.cause, manual: null };
  return nextContingencyModel(model, mode, now);
}
