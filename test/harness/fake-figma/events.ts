/** A tiny on/once/off emitter with Figma's semantics: handlers run in registration order. */
export class Emitter<Events extends Record<string, unknown[]>> {
  private readonly handlers = new Map<keyof Events, { fn: (...args: never[]) => unknown; once: boolean }[]>();

  on<K extends keyof Events>(type: K, fn: (...args: Events[K]) => unknown, once = false): void {
    const list = this.handlers.get(type) ?? [];
    list.push({ fn: fn as (...args: never[]) => unknown, once });
    this.handlers.set(type, list);
  }

  off<K extends keyof Events>(type: K, fn: (...args: Events[K]) => unknown): void {
    const list = this.handlers.get(type);
    if (!list) return;
    const i = list.findIndex((h) => h.fn === fn);
    if (i >= 0) list.splice(i, 1);
  }

  emit<K extends keyof Events>(type: K, ...args: Events[K]): void {
    const list = this.handlers.get(type);
    if (!list) return;
    for (const h of [...list]) {
      if (h.once) this.off(type, h.fn as (...a: Events[K]) => unknown);
      (h.fn as (...a: Events[K]) => unknown)(...args);
    }
  }

  count(type: keyof Events): number {
    return this.handlers.get(type)?.length ?? 0;
  }

  clear(): void {
    this.handlers.clear();
  }
}
