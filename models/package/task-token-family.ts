import { EngineError } from '../engine/errors.js';
import { TASK_TOKEN_NAMES, type BundleManifest, type TaskTokenName } from '../bundle/manifest.js';

/** PowerPaint v1 writes each task word as ten learned sub-tokens, P_obj_0 … P_obj_9. */
const SUB_TOKENS = 10;

/**
 * The family a tokenizer implies: PowerPaint v1 when it has all 30 task sub-tokens, plain SD-1.5
 * inpainting when it has none. Some but not all is a broken checkpoint, not a model to guess about.
 */
export function familyFromTokens(hasToken: (token: string) => boolean, label: string): Pick<BundleManifest, 'family' | 'taskTokens'> {
  const taskTokens = Object.fromEntries(TASK_TOKEN_NAMES.map((name) => [name, Array.from({ length: SUB_TOKENS }, (_, i) => `${name}_${i}`)])) as Record<TaskTokenName, string[]>;
  const all = Object.values(taskTokens).flat();
  const present = all.filter(hasToken);
  if (present.length === all.length) return { family: 'powerpaint-v1', taskTokens };
  if (present.length === 0) return { family: 'sd15-inpainting', taskTokens: undefined };
  const missing = all.filter((token) => !hasToken(token));
  throw new EngineError(
    'bundle-mismatch',
    `The tokenizer in ${label} has ${present.length} of PowerPaint's 30 task tokens (missing ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): the model is incomplete. Use the complete PowerPaint v1 repo.`,
  );
}
