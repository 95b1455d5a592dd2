// The kiosk's contingency mode as the emission pipeline, the status line and the watchdog share it:
// the pure model of src/watchdog/contingency-model.ts, persisted in the journal so that a restart
// (or the next CLI run) keeps the episode's dhCont and xJust.
import type { Clock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import type { Journal } from "../journal/journal.js";
import {
  assertOfflineEmissionAllowed,
  type ContingencyCause,
  type ContingencyModel,
  evaluateContingencyLimits,
  type LimitEvaluation,
  nextContingencyModel,
} from "../watchdog/contingency-model.js";
import type { EffectiveMode } from "../watchdog/link-state.js";
import type { ContingencyPort } from "./emission.js";

const STATE_KEY = "contingency.model";

interface StoredModel {
  mode: "online" | "contingency";
  since: string;
  episode?: {
    cause: ContingencyCause;
    entryCause: ContingencyCause;
    since: string;
    dhCont: string;
    xJust: string;
    manual: { by: string; reason: string } | null;
  };
}

function load(journal: Journal, now: Date): ContingencyModel {
  const s = journal.getState<StoredModel>(STATE_KEY);
  if (!s || s.mode === "online" || !s.episode) return { mode: "online", since: s ? new Date(s.since) : now };
  const e = s.episode;
  return {
    mode: "contingency",
    episode: { ...e, since: new Date(e.since), dhCont: new Date(e.dhCont) },
  };
}

function store(journal: Journal, model: ContingencyModel): void {
  const value: StoredModel =
    model.mode === "online"
      ? { mode: "online", since: model.since.toISOString() }
      : {
          mode: "contingency",
          since: model.episode.since.toISOString(),
          episode: {
            ...model.episode,
            since: model.episode.since.toISOString(),
            dhCont: model.episode.dhCont.toISOString(),
          },
        };
  journal.setState(STATE_KEY, value);
}

export class ContingencyState implements ContingencyPort {
  private model: ContingencyModel;
  private readonly listeners = new Set<(model: ContingencyModel) => void>();
  private reportFailure:
    | ((cause: "sefaz-down" | "sefaz-slow" | "sefaz-paused", detail: string) => void)
    | undefined;

  constructor(
    private readonly journal: Journal,
    private readonly config: ResolvedConfig,
    private readonly clock: Clock,
  ) {
    this.model = load(journal, clock.now());
  }

  snapshot(): ContingencyModel {
    return this.model;
  }

  onChange(listener: (model: ContingencyModel) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Folds the watchdog's decision in (automatic or manual); returns what happened. */
  apply(mode: EffectiveMode): ReturnType<typeof nextContingencyModel>["event"] {
    const { model, event } = nextContingencyModel(this.model, mode, this.clock.now());
    if (event !== null) {
      this.model = model;
      store(this.journal, model);
      for (const l of this.listeners) l(model);
    }
    return event;
  }

  current(): { dhCont: Date; xJust: string } | null {
    if (this.model.mode === "online") return null;
    const e = this.model.episode;
    // Re-applying the episode's own mode renews dhCont before it is 30 days old (569).
    const manual = e.manual
      ? { mode: "contingency" as const, by: e.manual.by, reason: e.manual.reason, at: e.since }
      : null;
    this.apply({ mode: "contingency", cause: e.cause, manual });
    const episode = (this.model as Extract<ContingencyModel, { mode: "contingency" }>).episode;
    return { dhCont: episode.dhCont, xJust: episode.xJust };
  }

  /**
   * A sale found SEFAZ failing. With a link watchdog attached, the watchdog is told (its hysteresis
   * then decides when to come back); without one (a CLI run), the model switches directly.
   */
  enter(
    cause: "sefaz-down" | "sefaz-slow" | "sefaz-paused",
    detail: string,
  ): { dhCont: Date; xJust: string } {
    if (this.reportFailure) this.reportFailure(cause, detail);
    if (this.model.mode === "online") this.apply({ mode: "contingency", cause, manual: null });
    return this.current()!;
  }

  /** Routes failures seen by sales to the link watchdog (the service does this at start). */
  attachWatchdog(
    reportFailure: (cause: "sefaz-down" | "sefaz-slow" | "sefaz-paused", detail: string) => void,
  ): void {
    this.reportFailure = reportFailure;
  }

  limits(now: Date): LimitEvaluation {
    const backlog = this.journal.offlineBacklog();
    return evaluateContingencyLimits({
      pendingNotes: backlog.count,
      oldestPendingAt: backlog.oldestDhEmi ? new Date(backlog.oldestDhEmi) : null,
      now,
      limits: this.config.contingency,
    });
  }

  assertOfflineAllowed(now: Date): void {
    assertOfflineEmissionAllowed(this.limits(now), this.config.contingency);
  }
}
