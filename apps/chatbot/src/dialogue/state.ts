import type { Action, DialogueState, Mode, Step } from "./types.ts";

export function initialState(): DialogueState {
  return { version: 1, mode: { kind: "idle" } };
}

/** A step into `mode`, saying `say`, optionally asking for one action's result. */
export function to(
  state: DialogueState,
  mode: Mode,
  say: string[],
  action?: Action,
  effects: Action[] = [],
): Step {
  return { state: { ...state, mode }, say, effects, ...(action ? { action } : {}) };
}

/** Leaving a mode that holds a slot gives the slot back. */
export function releaseHeld(state: DialogueState): Action[] {
  const mode = state.mode;
  return mode.kind === "holding" ? [{ kind: "release", reservationId: mode.reservationId }] : [];
}

/** Prepends effects (e.g. giving a hold back) to a step. */
export function withEffects(effects: Action[], step: Step): Step {
  return effects.length > 0 ? { ...step, effects: [...effects, ...step.effects] } : step;
}

const MODES = new Set(["idle", "asking", "offering", "holding", "picking", "confirmingCancel"]);

/**
 * The state saved with the last reply, or a fresh one. A state from a turn that never finished
 * (a worker stopped mid-turn) or from an older worker starts over rather than failing.
 */
export function restoreState(saved: unknown): DialogueState {
  if (saved && typeof saved === "object" && "version" in saved && "mode" in saved) {
    const s = saved as DialogueState;
    if (s.version === 1 && typeof s.mode === "object" && MODES.has(s.mode.kind)) return s;
  }
  return initialState();
}
