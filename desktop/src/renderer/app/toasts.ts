// Short notifications (order accepted, save failed, ...) shown in the corner for a few seconds.
import { createStore } from 'zustand/vanilla';

/** One notification. */
export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

/** The notification stack. */
export const toasts = createStore<{ items: Toast[] }>(() => ({ items: [] }));
let next = 1;

/** Shows a notification for `ms` milliseconds. */
export function notify(kind: Toast['kind'], text: string, ms = kind === 'error' ? 7000 : 3500): void {
  const id = next++;
  toasts.setState((state) => ({ items: [...state.items.slice(-4), { id, kind, text }] }));
  setTimeout(() => toasts.setState((state) => ({ items: state.items.filter((item) => item.id !== id) })), ms);
}
