// Link groups: panels that share a colour show the same symbol. Picking a symbol in a linked
// watchlist, chart, ticket or ladder moves every panel of that colour. The group symbols are
// part of the workspace document.
import { createStore } from 'zustand/vanilla';
import type { LinkColor } from './workspace-document.js';

/** The symbol of each link group. */
export interface LinkGroupsState {
  groups: Partial<Record<LinkColor, string>>;
}

/** The link groups of the open workspace. */
export const linkGroups = createStore<LinkGroupsState>(() => ({ groups: {} }));

/** Sets the symbol of a group. */
export function setGroupSymbol(color: LinkColor, symbol: string): void {
  linkGroups.setState((state) => ({ groups: { ...state.groups, [color]: symbol } }));
}
