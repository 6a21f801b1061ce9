import { describe, expect, it } from 'vitest';
import { defaultRunSettings, sanitizeRunSettings } from './run-settings.js';
import { matchingPreset, presetValues, withPreset } from './speed-presets.js';

describe('speed presets', () => {
  it('go from fewer to more steps, Best being PowerPaint v1 (DDIM, 45 steps)', () => {
    const steps = (['fast', 'balanced', 'best'] as const).map((p) => presetValues(p, 'object').steps);
    expect(steps[0]).toBeLessThan(steps[1]!);
    expect(steps[1]).toBeLessThan(steps[2]!);
    expect(presetValues('best', 'object')).toEqual({ steps: 45, guidance: 7.5, scheduler: 'ddim' });
  });

  it('guide remove and outpaint harder than the text tasks (10+ for Balanced and Best)', () => {
    for (const preset of ['balanced', 'best'] as const) {
      expect(presetValues(preset, 'remove').guidance).toBeGreaterThanOrEqual(10);
      expect(presetValues(preset, 'outpaint').guidance).toBeGreaterThanOrEqual(10);
      expect(presetValues(preset, 'shape').guidance).toBeLessThan(10);
    }
  });

  it('are recognised again, and a hand edit makes the settings custom', () => {
    const settings = withPreset(defaultRunSettings('remove'), 'fast');
    expect(matchingPreset(settings)).toBe('fast');
    expect(matchingPreset({ ...settings, steps: settings.steps + 1 })).toBe('custom');
  });
});

describe('saved settings', () => {
  it('fall back to defaults for anything missing or out of range', () => {
    expect(sanitizeRunSettings(null)).toEqual(defaultRunSettings());
    const read = sanitizeRunSettings({ task: 'shape', steps: 1000, fittingDegree: -3, scheduler: 'bogus', outpaintTarget: { kind: 'sides', pixels: 64 } });
    expect(read).toMatchObject({ task: 'shape', steps: 100, fittingDegree: 0, scheduler: 'ddim', outpaintTarget: { kind: 'sides', pixels: 64 } });
  });
});
