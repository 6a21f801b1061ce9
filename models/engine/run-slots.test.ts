import { describe, expect, it } from 'vitest';
import { RunSlots } from './run-slots.js';

/** A task that runs until released, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const released = new Promise<void>((resolve) => (open = resolve));
  return { task: async () => { log.push(`start ${name}`); await released; log.push(`end ${name}`); return name; }, open };
}

describe('run slots', () => {
  it('runs at most `size` tasks at once and starts the waiting ones in order', async () => {
    const log: string[] = [];
    const slots = new RunSlots(2);
    const [a, b, c] = [gate(log, 'a'), gate(log, 'b'), gate(log, 'c')];
    const results = [slots.run(a.task), slots.run(b.task), slots.run(c.task)];
    await Promise.resolve();
    expect(log).toEqual(['start a', 'start b']);
    b.open();
    await results[1];
    await Promise.resolve();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    let idle = false;
    void slots.idle().then(() => (idle = true));
    a.open();
    c.open();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    await Promise.resolve();
    expect(idle).toBe(true);
  });

  it('one slot is a queue: a failed task frees it for the next', async () => {
    const slots = new RunSlots(1);
    const log: string[] = [];
    const failing = slots.run(async () => { log.push('first'); throw new Error('boom'); });
    const next = slots.run(async () => { log.push('second'); return 2; });
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe(2);
    expect(log).toEqual(['first', 'second']);
  });
});
