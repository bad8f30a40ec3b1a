// The saved form of a workspace: the docking layout (dockview's own serialisation, which carries
// every panel's parameters — symbol, interval, indicators, drawings, link group) plus the symbols
// of the link groups. Stored as the `layout` JSON of /v1/workspaces and in the local mirror.
// Invariants: `version` is checked on load; a document that does not look like one (hand-edited,
// from a future version) is refused with a reason instead of crashing the dock.

/** Colours of the link groups a panel can join. */
export const LINK_COLORS = ['red', 'green', 'blue', 'amber'] as const;
/** One link group. */
export type LinkColor = (typeof LINK_COLORS)[number];
/** A panel's link setting. */
export type LinkSetting = LinkColor | 'none';

/** Current document version. */
export const WORKSPACE_VERSION = 1;

/** A saved workspace layout. */
export interface WorkspaceDocument {
  version: typeof WORKSPACE_VERSION;
  /** dockview's `toJSON()` output. */
  dock: Record<string, unknown>;
  /** The symbol each link group shows. */
  linkGroups: Partial<Record<LinkColor, string>>;
}

/** The document, or the reason it cannot be used. */
export function parseWorkspaceDocument(value: unknown): { ok: true; document: WorkspaceDocument } | { ok: false; reason: string } {
  if (!value || typeof value !== 'object') return { ok: false, reason: 'the layout is not an object' };
  const candidate = value as Partial<WorkspaceDocument>;
  if (candidate.version !== WORKSPACE_VERSION) return { ok: false, reason: `unsupported layout version ${String(candidate.version)}` };
  if (!candidate.dock || typeof candidate.dock !== 'object' || !('grid' in candidate.dock)) return { ok: false, reason: 'the layout has no dock grid' };
  const linkGroups: Partial<Record<LinkColor, string>> = {};
  if (candidate.linkGroups && typeof candidate.linkGroups === 'object') {
    for (const color of LINK_COLORS) {
      const symbol = (candidate.linkGroups as Record<string, unknown>)[color];
      if (typeof symbol === 'string' && /^[A-Z0-9][A-Z0-9._/-]{0,31}$/.test(symbol)) linkGroups[color] = symbol;
    }
  }
  return { ok: true, document: { version: WORKSPACE_VERSION, dock: candidate.dock, linkGroups } };
}
