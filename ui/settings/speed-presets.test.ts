import { describe, expect, it } from 'vitest';
import { defaultRunSettings, SCHEDULER_CHOICES, sanitizeRunSettings } from './run-settings.js';
import { matchingPreset, presetFollowingModel, presetValues, withPreset } from './speed-presets.js';

describe('speed presets', () => {
  it('go from fewer to more steps, Best being PowerPaint v1 (DDIM, 45 steps)', () => {
    const steps = (['fast', 'balanced', 'best'] as const).map((p) => presetValues(p, 'object', false).steps);
    expect(steps[0]).toBeLessThan(steps[1]!);
    expect(steps[1]).toBeLessThan(steps[2]!);
    expect(presetValues('best', 'object', false)).toEqual({ steps: 45, guidance: 7.5, scheduler: 'ddim' });
  });

  it('guide remove and outpaint harder than the text tasks (10+ for Balanced and Best)', () => {
    for (const preset of ['balanced', 'best'] as const) {
      expect(presetValues(preset, 'remove', false).guidance).toBeGreaterThanOrEqual(10);
      expect(presetValues(preset, 'outpaint', false).guidance).toBeGreaterThanOrEqual(10);
      expect(presetValues(preset, 'shape', false).guidance).toBeLessThan(10);
    }
  });

  it('Fast with LCM-LoRA fused: the LCM scheduler (a choice of the window), 4 steps, guidance 1, for every task', () => {
    for (const task of ['object', 'shape', 'remove', 'outpaint'] as const) {
      expect(presetValues('fast', task, true)).toEqual({ steps: 4, guidance: 1, scheduler: 'lcm' });
      expect(presetValues('fast', task, false).scheduler).toBe('ddim');
      // Balanced and Best keep their meaning.
      for (const preset of ['balanced', 'best'] as const) expect(presetValues(preset, task, true)).toEqual(presetValues(preset, task, false));
    }
    expect(SCHEDULER_CHOICES.map((s) => s.value)).toContain(presetValues('fast', 'object', true).scheduler);
  });

  it('are recognised again, and a hand edit makes the settings custom', () => {
    const settings = withPreset(defaultRunSettings('remove'), 'fast', false);
    expect(matchingPreset(settings)).toBe('fast');
    expect(matchingPreset({ ...settings, steps: settings.steps + 1 })).toBe('custom');
  });

  it('Fast with LCM is recognised as Fast, and only as Fast when LCM-LoRA is fused if the caller says which', () => {
    const lcm = withPreset(defaultRunSettings('object'), 'fast', true);
    expect(matchingPreset(lcm)).toBe('fast');
    expect(matchingPreset(lcm, true)).toBe('fast');
    // Picked by hand without the LoRA: custom, so the window does not swap it for DDIM.
    expect(matchingPreset(lcm, false)).toBe('custom');
  });

  it('follow the model: LCM-LoRA fused or gone changes a preset, never custom settings', () => {
    const fast = withPreset(defaultRunSettings('object'), 'fast', false);
    expect(presetFollowingModel(fast, false)).toBeNull();
    const fused = presetFollowingModel(fast, true)!;
    expect(fused).toMatchObject({ preset: 'fast', steps: 4, guidance: 1, scheduler: 'lcm' });
    expect(presetFollowingModel(fused, false)).toMatchObject({ preset: 'fast', scheduler: 'ddim', steps: fast.steps });
    const balanced = withPreset(defaultRunSettings('object'), 'balanced', false);
    expect(presetFollowingModel(balanced, true)).toBeNull();
    expect(presetFollowingModel({ ...fused, preset: 'custom' }, false)).toBeNull();
  });
});

describe('saved settings', () => {
  it('fall back to defaults for anything missing or out of range', () => {
    expect(sanitizeRunSettings(null)).toEqual(defaultRunSettings());
    const read = sanitizeRunSettings({ task: 'shape', steps: 1000, fittingDegree: -3, scheduler: 'bogus', outpaintTarget: { kind: 'sides', pixels: 64 } });
    expect(read).toMatchObject({ task: 'shape', steps: 100, fittingDegree: 0, scheduler: 'ddim', outpaintTarget: { kind: 'sides', pixels: 64 } });
  });

  it('keep the LCM scheduler', () => {
    expect(sanitizeRunSettings({ task: 'object', steps: 4, guidance: 1, scheduler: 'lcm' })).toMatchObject({ steps: 4, guidance: 1, scheduler: 'lcm' });
  });
});
