// Renders the notification stack.
import { useStore } from 'zustand';
import { toasts } from '../app/toasts.js';

/** The corner notifications. */
export function ToastStack() {
  const items = useStore(toasts, (state) => state.items);
  return (
    <div className="toast-stack" role="status" aria-live="polite">
      {items.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} data-testid="toast">
          {toast.text}
        </div>
      ))}
    </div>
  );
}
