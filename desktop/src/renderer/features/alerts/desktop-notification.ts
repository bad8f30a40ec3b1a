// A system notification for an alert, through the page's Notification API: in the Electron shell
// the main process grants `notifications` to the app's own pages (main/security/permission-policy.ts);
// in a browser the user is asked once, the first time an alert is armed. Where notifications are
// unavailable or refused, the in-app toast is the only signal (never an error).

/** Asks for permission to notify, if the browser has not been asked yet. */
export function requestNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  void Notification.requestPermission().catch(() => undefined);
}

/** Shows a system notification when allowed; returns whether it was shown. */
export function showDesktopNotification(title: string, body: string): boolean {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  try {
    new Notification(title, { body, tag: `kestrel-alert-${body}` });
    return true;
  } catch {
    // Some platforms refuse page notifications (no notification daemon): the toast remains.
    return false;
  }
}
