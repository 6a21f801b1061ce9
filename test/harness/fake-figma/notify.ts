/// <reference types="@figma/plugin-typings" />
/** figma.notify: every toast is recorded so tests and the harness can read them. */
/** The most characters a toast shows. */
export const NOTIFY_LIMIT = 100;

export interface NotificationRecord {
  message: string;
  error: boolean;
  timeout: number | undefined;
  button: string | undefined;
  cancelled: boolean;
  at: number;
}

export class Notifier {
  readonly records: NotificationRecord[] = [];
  private readonly listeners = new Set<(n: NotificationRecord) => void>();

  notify(message: string, options: NotificationOptions = {}): NotificationHandler {
    if (typeof message !== 'string') throw new Error('in notify: Expected message to be a string');
    const rec: NotificationRecord = {
      // plugin-api.d.ts, notify: "It is limited to 100 characters. Longer messages will be truncated."
      message: message.slice(0, NOTIFY_LIMIT),
      error: Boolean(options.error),
      timeout: options.timeout,
      button: options.button?.text,
      cancelled: false,
      at: Date.now(),
    };
    this.records.push(rec);
    for (const l of this.listeners) l(rec);
    return {
      cancel: () => {
        if (rec.cancelled) return;
        rec.cancelled = true;
        options.onDequeue?.('dismiss');
      },
    };
  }

  onNotify(cb: (n: NotificationRecord) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
}
