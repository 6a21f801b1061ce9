/** figma.notify, drawn like Figma's toasts at the bottom of the canvas. */
import type { FakeFigma, NotificationRecord } from '../fake-figma/index.js';

export function mountToasts(host: HTMLElement, fake: FakeFigma): (message: string, error?: boolean) => void {
  const show = (rec: Pick<NotificationRecord, 'message' | 'error' | 'timeout'> & { cancelled?: boolean }): void => {
    const el = document.createElement('div');
    el.className = 'toast' + (rec.error ? ' error' : '');
    el.textContent = rec.message;
    host.append(el);
    const timeout = rec.timeout ?? 3000;
    const poll = setInterval(() => {
      if (rec.cancelled) done();
    }, 100);
    const done = (): void => {
      clearInterval(poll);
      el.remove();
    };
    if (Number.isFinite(timeout)) setTimeout(done, Math.max(1000, timeout));
  };
  fake.onNotify((rec) => show(rec));
  // Harness-side messages (plugin errors) that are not plugin notifications.
  return (message, error = false) => show({ message, error, timeout: 6000 });
}
