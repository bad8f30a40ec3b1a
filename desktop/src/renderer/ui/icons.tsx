// Small stroke icons as inline SVG (no icon font to load, no glyphs missing from system fonts).
import type { ReactNode } from 'react';

function Icon({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden={title ? undefined : true}>
      {title && <title>{title}</title>}
      {children}
    </svg>
  );
}

/** Float over the layout. */
export const FloatIcon = () => (
  <Icon>
    <rect x="2.5" y="4.5" width="8" height="8" rx="1" />
    <path d="M5.5 4.5V2.5h8v8h-3" />
  </Icon>
);
/** Dock back. */
export const DockIcon = () => (
  <Icon>
    <rect x="2.5" y="2.5" width="11" height="11" rx="1" />
    <path d="M8.5 2.5v11" />
  </Icon>
);
/** Open in a new window. */
export const PopoutIcon = () => (
  <Icon>
    <path d="M9 2.5h4.5V7M13.5 2.5 7.5 8.5" />
    <path d="M12 9.5v4H2.5V4h4" />
  </Icon>
);
/** Maximise. */
export const MaximiseIcon = () => (
  <Icon>
    <path d="M2.5 6V2.5H6M10 2.5h3.5V6M13.5 10v3.5H10M6 13.5H2.5V10" />
  </Icon>
);
/** Sun (switch to light). */
export const SunIcon = () => (
  <Icon>
    <circle cx="8" cy="8" r="3" />
    <path d="M8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1" />
  </Icon>
);
/** Moon (switch to dark). */
export const MoonIcon = () => (
  <Icon>
    <path d="M13 9.5A5.5 5.5 0 1 1 6.5 3a4.5 4.5 0 0 0 6.5 6.5Z" />
  </Icon>
);
/** Keyboard. */
export const KeyboardIcon = () => (
  <Icon>
    <rect x="1.5" y="4" width="13" height="8" rx="1" />
    <path d="M4 7h1M7 7h1M10 7h1M5 9.5h6" />
  </Icon>
);
