import { describe, expect, it } from 'vitest';
import { createFakeFigma } from '../index.js';

describe('fake figma: undo', () => {
  it('one undo removes the layer a plugin created since the last commit', () => {
    const fake = createFakeFigma();
    const photo = fake.addRectangle({ name: 'Photo' });
    fake.resetUndoHistory();
    const before = fake.snapshot();
    const result = fake.api.createRectangle();
    result.name = 'Result';
    result.x = 40;
    result.setPluginData('source', photo.id);
    fake.api.commitUndo();
    expect(fake.findByName('Result')).toBeDefined();
    expect(fake.undo()).toBe(true);
    expect(result.removed).toBe(true);
    expect(fake.findByName('Result')).toBeUndefined();
    expect(fake.snapshot()).toEqual(before);
    expect(fake.undo()).toBe(false); // the scene itself is the baseline
  });

  it('reverts property edits, removals and reparenting, step by step', () => {
    const fake = createFakeFigma();
    const frame = fake.addFrame({ name: 'F', width: 300, height: 300 });
    const r = fake.addRectangle({ name: 'R', x: 10 });
    fake.resetUndoHistory();
    const s0 = fake.snapshot();
    r.x = 99;
    r.rotation = 30;
    fake.api.commitUndo();
    const s1 = fake.snapshot();
    frame.appendChild(r);
    r.fills = [];
    fake.api.commitUndo();
    frame.remove();
    expect(r.removed).toBe(true);
    fake.undo(); // uncommitted removal
    expect(frame.removed || r.removed).toBe(false);
    expect(r.parent).toBe(frame);
    fake.undo(); // reparent + fills
    expect(fake.snapshot()).toEqual(s1);
    fake.undo(); // x + rotation
    expect(fake.snapshot()).toEqual(s0);
  });

  it('prunes undone nodes from the selection', async () => {
    const fake = createFakeFigma();
    const n = fake.api.createEllipse();
    await fake.select([n]);
    fake.undo();
    expect(fake.selection).toEqual([]);
  });
});
