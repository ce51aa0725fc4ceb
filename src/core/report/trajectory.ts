/** Where in a trajectory violations occur: by step position and tool, per side and trait, and the first violating step per side. */
import { z } from 'zod';
import type { ReviewItem } from '../schema';
import type { AnnotatorItemLabels } from '../labels/humanLabels';
import { sideSteps, stepTool, stepViolations, trajectories } from '../labels/steps';

/** Equal-width bins of a step's relative position (step index / steps) in its side's trajectory. */
export const positionBins = 5;

/** Label of a step that is neither a tool call nor a tool result. */
export const noTool = '(no tool)';

/** What the report keeps of one item's trajectory: counts, not text. */
export interface TrajectoryObservation {
  /** The system prompt pushes a persona (`metadata.persona`). */
  persona: boolean;
  sides: {
    /** A side's name, or `shared` for the steps of the shared prompt. */
    side: string;
    /** More than one assistant message: a multi-turn or agent trajectory. */
    multiTurn: boolean;
    /** Steps per position bin and per tool, the denominators. */
    binSteps: number[];
    toolSteps: Record<string, number>;
    violations: { step: number; bin: number; tool: string; trait: string }[];
  }[];
}

const binOf = (step: number, steps: number) => Math.min(positionBins - 1, Math.floor((step / steps) * positionBins));

/**
 * The trajectory of one item as the report needs it, or undefined when no annotator put a step
 * verdict or a span on it (without step-level labels an item says nothing of where violations are).
 */
export function observeTrajectory(item: ReviewItem, labels: readonly AnnotatorItemLabels[]): TrajectoryObservation | undefined {
  if (!labels.some((a) => a.labels.some((e) => e.kind === 'step_verdict' || e.kind === 'span'))) return undefined;
  const found = stepViolations(item, labels);
  return {
    persona: typeof item.metadata.persona === 'string' && item.metadata.persona.trim() !== '',
    // The shared prompt's steps (model turns both runs share) are a trajectory of their own, `shared`.
    sides: trajectories(item).map((side) => {
      const steps = sideSteps(side.messages);
      const tools = steps.map((s) => stepTool(side.messages, s) ?? noTool);
      const binSteps = new Array<number>(positionBins).fill(0);
      const toolSteps = Object.create(null) as Record<string, number>;
      steps.forEach((s, i) => {
        binSteps[binOf(s.index, steps.length)]!++;
        toolSteps[tools[i]!] = (toolSteps[tools[i]!] ?? 0) + 1;
      });
      return {
        side: side.name,
        multiTurn: side.messages.filter((m) => m.role === 'assistant').length > 1,
        binSteps,
        toolSteps,
        violations: found.filter((v) => v.side === side.name).map((v) => ({ step: v.step, bin: binOf(v.step, steps.length), tool: tools[v.step]!, trait: v.trait })),
      };
    }),
  };
}

const count = z.number().int().nonnegative();

export const trajectorySectionSchema = z.object({
  /** Items with a step verdict or a span from a selected annotator: the only ones counted here. */
  items: count,
  bins: z.literal(positionBins),
  /** Per side and trait: steps judged a violation (majority) per position bin, of the steps in that bin. */
  byPosition: z.array(z.object({ side: z.string(), trait: z.string(), bins: z.array(z.object({ from: z.number(), to: z.number(), violations: count, steps: count })) })),
  /** Per side, trait and tool: steps judged a violation, of the steps of that tool. */
  byTool: z.array(z.object({ side: z.string(), trait: z.string(), tool: z.string(), violations: count, steps: count })),
  /**
   * Multi-turn sides (more than one assistant message): the first step judged a violation of any
   * trait, per side and for persona and other items apart (the persona effect per step).
   */
  firstViolation: z.array(
    z.object({
      side: z.string(),
      persona: z.boolean(),
      items: count,
      withViolation: count,
      /** Items by their first violating step index. */
      first: z.array(z.object({ step: count, items: count })),
      median: z.number().nullable(),
    }),
  ),
});

export type TrajectorySection = z.infer<typeof trajectorySectionSchema>;

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** The section over every observed trajectory, or undefined when no item had step-level labels. */
export function trajectorySection(observations: readonly (TrajectoryObservation | undefined)[]): TrajectorySection | undefined {
  const obs = observations.filter((o): o is TrajectoryObservation => o !== undefined);
  if (!obs.length) return undefined;
  const sideOrder: string[] = [];
  const binSteps = new Map<string, number[]>();
  const toolSteps = new Map<string, Map<string, number>>();
  const binViolations = new Map<string, number[]>();
  const toolViolations = new Map<string, number>();
  const firsts = new Map<string, { items: number; steps: number[] }>();
  const key = (...parts: (string | number | boolean)[]) => parts.join('\u0000');
  for (const o of obs) {
    for (const s of o.sides) {
      if (!sideOrder.includes(s.side)) sideOrder.push(s.side);
      const bins = binSteps.get(s.side) ?? new Array<number>(positionBins).fill(0);
      s.binSteps.forEach((n, i) => (bins[i]! += n));
      binSteps.set(s.side, bins);
      const tools = toolSteps.get(s.side) ?? new Map<string, number>();
      for (const [t, n] of Object.entries(s.toolSteps)) tools.set(t, (tools.get(t) ?? 0) + n);
      toolSteps.set(s.side, tools);
      for (const v of s.violations) {
        const bk = key(s.side, v.trait);
        const vb = binViolations.get(bk) ?? new Array<number>(positionBins).fill(0);
        vb[v.bin]!++;
        binViolations.set(bk, vb);
        const tk = key(s.side, v.trait, v.tool);
        toolViolations.set(tk, (toolViolations.get(tk) ?? 0) + 1);
      }
      if (s.multiTurn) {
        const fk = key(s.side, o.persona);
        const f = firsts.get(fk) ?? { items: 0, steps: [] };
        f.items++;
        if (s.violations.length) f.steps.push(Math.min(...s.violations.map((v) => v.step)));
        firsts.set(fk, f);
      }
    }
  }
  const traitsOf = (side: string) => [...new Set(obs.flatMap((o) => o.sides.filter((s) => s.side === side).flatMap((s) => s.violations.map((v) => v.trait))))].sort();
  const byPosition: TrajectorySection['byPosition'] = [];
  const byTool: TrajectorySection['byTool'] = [];
  for (const side of sideOrder) {
    for (const trait of traitsOf(side)) {
      const vb = binViolations.get(key(side, trait))!;
      byPosition.push({ side, trait, bins: vb.map((violations, i) => ({ from: i / positionBins, to: (i + 1) / positionBins, violations, steps: binSteps.get(side)![i]! })) });
      for (const [tool, steps] of [...toolSteps.get(side)!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const violations = toolViolations.get(key(side, trait, tool)) ?? 0;
        if (violations > 0) byTool.push({ side, trait, tool, violations, steps });
      }
    }
  }
  const firstViolation: TrajectorySection['firstViolation'] = [];
  for (const side of sideOrder) {
    for (const persona of [true, false]) {
      const f = firsts.get(key(side, persona));
      if (!f) continue;
      const byStep = new Map<number, number>();
      for (const s of f.steps) byStep.set(s, (byStep.get(s) ?? 0) + 1);
      firstViolation.push({
        side,
        persona,
        items: f.items,
        withViolation: f.steps.length,
        first: [...byStep].sort(([a], [b]) => a - b).map(([step, items]) => ({ step, items })),
        median: median(f.steps),
      });
    }
  }
  return { items: obs.length, bins: positionBins, byPosition, byTool, firstViolation };
}
