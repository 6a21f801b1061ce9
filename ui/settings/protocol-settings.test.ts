import { describe, expect, it } from 'vitest';
import { validateUiToPluginMessage } from '../../plugin/protocol/validate.js';
import { settingsProblem } from '../../plugin/protocol/validate.js';
import { runSettingsFrom, storedSettingsFrom, taskOptionsFrom } from './protocol-settings.js';
import { defaultRunSettings } from './run-settings.js';
import { withPreset } from './speed-presets.js';

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

  it('reads back Fast with LCM-LoRA (the LCM scheduler, 4 steps, guidance 1) as Fast, and the plugin accepts its run', () => {
    const settings = withPreset(defaultRunSettings('remove'), 'fast', true);
    const options = taskOptionsFrom(settings);
    expect(options).toMatchObject({ scheduler: 'lcm', steps: 4, guidance: 1 });
    expect(validateUiToPluginMessage({ type: 'run', sourceIds: ['1:2'], task: 'remove', options })).toMatchObject({ ok: true });
    expect(runSettingsFrom(storedSettingsFrom(settings, null), 'remove')).toMatchObject({ preset: 'fast', scheduler: 'lcm', steps: 4, guidance: 1 });
  });

  it('sends pixels per side as outpaintSides, which the validator accepts, and reads it back as the target', () => {
    const settings = { ...defaultRunSettings('outpaint'), outpaintTarget: { kind: 'sides' as const, pixels: 96 } };
    const options = taskOptionsFrom(settings);
    expect(options).toMatchObject({ outpaintSides: 96 });
    expect(options.aspectRatio).toBeUndefined();
    expect(validateUiToPluginMessage({ type: 'run', sourceIds: ['1:2'], task: 'outpaint', options })).toMatchObject({ ok: true });
    const stored = storedSettingsFrom(settings, null);
    expect(stored.options.outpaint).toMatchObject({ outpaintSides: 96 });
    expect(runSettingsFrom(stored, 'outpaint').outpaintTarget).toEqual({ kind: 'sides', pixels: 96 });
  });

  it('keeps the seed choice and the model source across a round trip through storage', () => {
    const locked = { ...defaultRunSettings('remove'), seed: 777, seedMode: 'lock' as const };
    const model = { from: 'url' as const, url: 'https://models.example.com/powerpaint-v1/' };
    const stored = storedSettingsFrom(locked, null, model);
    expect(settingsProblem(stored)).toBeUndefined();
    expect(stored).toMatchObject({ schemaVersion: 2, seedMode: 'lock', model });
    // What the plugin stores comes back as it was sent (structured clone), and the window restores from it.
    const back = runSettingsFrom(structuredClone(stored), 'remove');
    expect(back).toMatchObject({ seedMode: 'lock', seed: 777 });

    const fresh = storedSettingsFrom({ ...locked, seedMode: 'new' }, stored, { from: 'catalog', catalogId: 'tiny' });
    expect(fresh).toMatchObject({ seedMode: 'new', model: { from: 'catalog', catalogId: 'tiny' } });
    expect(runSettingsFrom(fresh, 'remove').seedMode).toBe('new');
    // Without a new model source the previous one is kept.
    expect(storedSettingsFrom(locked, fresh).model).toEqual({ from: 'catalog', catalogId: 'tiny' });
  });

  it('locks the seed of a "Run again" whatever the stored choice', () => {
    const stored = storedSettingsFrom({ ...defaultRunSettings('remove'), seedMode: 'new' }, null);
    expect(runSettingsFrom(stored, 'remove', { seed: 31 })).toMatchObject({ seedMode: 'lock', seed: 31 });
  });
});
