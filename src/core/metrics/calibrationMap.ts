import { z } from 'zod';
import { applyIsotonic } from './isotonic';
import { applyPlatt } from './platt';

/**
 * A fitted score → probability map that a pipeline applies to reward-model scores of one trait
 * (probability that a human would judge the response ok on that trait).
 * - platt: p = 1 / (1 + exp(−(a · score + b)))
 * - isotonic: p = numpy.interp(score, thresholds.x, thresholds.p) (linear between breakpoints,
 *   clipped at the ends)
 */
export const calibrationMapSchema = z.discriminatedUnion('method', [
  z.object({
    trait: z.string(),
    method: z.literal('platt'),
    params: z.object({ a: z.number(), b: z.number() }),
  }),
  z.object({
    trait: z.string(),
    method: z.literal('isotonic'),
    thresholds: z.object({ x: z.array(z.number()), p: z.array(z.number()) }),
  }),
]);

export type CalibrationMap = z.infer<typeof calibrationMapSchema>;

export function applyCalibrationMap(map: CalibrationMap, score: number): number {
  return map.method === 'platt' ? applyPlatt(map.params, score) : applyIsotonic(map.thresholds, score);
}
