import { describe, expect, it } from 'vitest';
import { validateUiToPluginMessage } from '../../plugin/protocol/validate.js';
import { runSettingsFrom, storedSettingsFrom, taskOptionsFrom } from './protocol-settings.js';
import { defaultRunSettings } from './run-settings.js';

describe('settings and the plugin protocol', () => {
  it('sends the prompt only for text tasks, the fitting degree only for Fill shape', () => {
    const remove = taskOptionsFrom({ ...defaultRunSettings('remove'), prompt: 'a cat', fittingDegree: 0.6 });
    expect(remove.prompt).toBeUndefined();
    expect(remove.fittingDegree).toBeUndefined();
    const shape = taskOptionsFrom({ ...defaultRunSettings('shape'), prompt: 'a vase', fittingDegree: 0.6 });
    expect(shape).toMatchObject({ prompt: 'a vase', fittingDegree: 0.6 });
  });

  it('turns an outpaint ratio into aspectRatio, and a run message passes the validator', () => {
    const options = taskOptionsFrom({ ...defaultRunSettings('outpaint'), outpaintTarget: { kind: 'aspect', ratio: '16:9' } });
    expect(options.aspectRatio).toBeCloseTo(16 / 9);
    expect(validateUiToPluginMessage({ type: 'run', sourceIds: ['1:2'], task: 'outpaint', options })).toMatchObject({ ok: true });
  });

  it('stores per task and reads back what it stored', () => {
    const settings = { ...defaultRunSettings('object'), prompt: 'a red kite', steps: 45, guidance: 7.5, variations: 3, output: 'patch' as const };
    const stored = storedSettingsFrom(settings, null);
    expect(validateUiToPluginMessage({ type: 'save-settings', settings: stored })).toMatchObject({ ok: true });
    const back = runSettingsFrom(stored, 'object');
    expect(back).toMatchObject({ task: 'object', prompt: 'a red kite', steps: 45, variations: 3, output: 'patch', preset: 'best' });
  });
});
