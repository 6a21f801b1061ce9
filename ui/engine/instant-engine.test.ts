import { describe, expect, it } from 'vitest';
import { gradientImage, rectMask } from '../../test/engine/fixtures-pixels.js';
import { explainError } from '../errors/explain-error.js';
import type { EngineJob } from './engine.js';
import { InstantEngine } from './instant-engine.js';

const job = (task: EngineJob['task'], extra: Partial<EngineJob> = {}): EngineJob => ({
  image: gradientImage(40, 30),
  mask: rectMask(40, 30, 10, 10, 18, 18),
  task,
  prompt: '',
  negativePrompt: '',
  fittingDegree: 1,
  steps: 20,
  guidance: 7.5,
  scheduler: 'ddim',
  seed: 1,
  variations: 1,
  ...extra,
});

describe('InstantEngine', () => {
  it('says an outpaint (a quick action with a ratio, no model loaded) needs the model, not that mask and image sizes differ', async () => {
    const outpaint = job('outpaint', { mask: rectMask(53, 30, 0, 0, 53, 30), outpaintTarget: { kind: 'aspect', ratio: 16 / 9 } as EngineJob['outpaintTarget'] });
    const error = await new InstantEngine().run(outpaint, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unknown-task', message: expect.stringMatching(/"outpaint" needs the PowerPaint model/) });
    expect(explainError(error).kind).toBe('needs-model');
  });

  it('still removes', async () => {
    const result = await new InstantEngine().run(job('remove'), {});
    expect(result.variations).toHaveLength(1);
  });
});
