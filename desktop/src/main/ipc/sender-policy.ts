// Who may call the main process: only the top frame of a page on a trusted app origin. A
// subframe (there should be none: frame-src 'none'), a page that navigated elsewhere, or a
// destroyed frame (senderFrame null) is refused before the request is even parsed.
import { isTrustedAppUrl } from '../security/url-policy.js';

/** The part of Electron's WebFrameMain the check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** True when `frame` may invoke IPC handlers. */
export function isTrustedSender(frame: SenderFrame | null | undefined, trustedOrigins: readonly string[]): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isTrustedAppUrl(frame.url, trustedOrigins);
}
