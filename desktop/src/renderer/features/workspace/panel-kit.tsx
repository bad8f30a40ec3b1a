// Shared pieces of every panel: its parameters (kept in the layout so the workspace saves them),
// the symbol it shows (its own, or its link group's), the link-group picker and the symbol box.
import { useCallback, useContext, useEffect, useRef, useState, createContext } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { linkGroups, setGroupSymbol } from './link-groups.js';
import type { LinkedParams } from './panel-params.js';
import { LINK_COLORS, type LinkSetting } from './workspace-document.js';
import type { WorkspaceController } from './workspace-controller.js';

/** The workspace controller of the open workstation. */
export const WorkspaceContext = createContext<WorkspaceController | null>(null);

/** The workspace controller. */
export function useWorkspace(): WorkspaceController {
  const controller = useContext(WorkspaceContext);
  if (!controller) throw new Error('useWorkspace outside WorkspaceContext');
  return controller;
}

/** A panel's params and a setter that writes them into the layout (and marks it changed). */
export function usePanelParams<T extends object>(props: IDockviewPanelProps<T>): [T, (change: Partial<T>) => void] {
  const workspace = useWorkspace();
  const [params, setParams] = useState<T>(props.params);
  const latest = useRef(params);
  useEffect(() => {
    latest.current = props.params;
    setParams(props.params);
  }, [props.params]);
  const update = useCallback(
    (change: Partial<T>) => {
      const next = { ...latest.current, ...change };
      latest.current = next;
      setParams(next);
      props.api.updateParameters(next as Record<string, unknown>);
      workspace.markDirty();
    },
    [props.api, workspace],
  );
  return [params, update];
}

/** The symbol a linkable panel shows and how to change it (moves the whole link group). */
export function useLinkedSymbol<T extends LinkedParams>(params: T, update: (change: Partial<T>) => void): [string, (symbol: string) => void] {
  const groupSymbol = useStore(linkGroups, (state) => (params.link === 'none' ? undefined : state.groups[params.link]));
  const workspace = useWorkspace();
  const symbol = groupSymbol ?? params.symbol;
  const setSymbol = useCallback(
    (next: string) => {
      if (params.link !== 'none') {
        setGroupSymbol(params.link, next);
        workspace.markDirty();
      }
      update({ symbol: next } as Partial<T>);
    },
    [params.link, update, workspace],
  );
  return [symbol, setSymbol];
}

/** Cycles a panel through the link colours. */
export function LinkPicker({ value, onChange }: { value: LinkSetting; onChange: (link: LinkSetting) => void }) {
  const order: LinkSetting[] = ['none', ...LINK_COLORS];
  const next = order[(order.indexOf(value) + 1) % order.length]!;
  return (
    <button
      className={`link-dot link-${value}`}
      title={value === 'none' ? 'Not linked: click to join a link group' : `Linked (${value}): click to change`}
      aria-label={`Link group ${value}`}
      data-testid="link-picker"
      onClick={() => onChange(next)}
    />
  );
}

/** Joins a link group: adopts its symbol, or gives it this panel's symbol when it has none. */
export function joinLink<T extends LinkedParams>(params: T, link: LinkSetting, update: (change: Partial<T>) => void): void {
  if (link !== 'none') {
    const existing = linkGroups.getState().groups[link];
    if (existing) update({ link, symbol: existing } as Partial<T>);
    else {
      setGroupSymbol(link, params.symbol);
      update({ link } as Partial<T>);
    }
  } else update({ link } as Partial<T>);
}

/** The symbol box: type a symbol and press Enter; only known instruments are accepted. */
export function SymbolBox({ value, onChange, testId }: { value: string; onChange: (symbol: string) => void; testId?: string }) {
  const { instruments } = useServices();
  const known = useStore(instruments, (state) => state.bySymbol);
  const [text, setText] = useState(value);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    const symbol = text.trim().toUpperCase();
    if (symbol === value) return;
    if (known.size > 0 && !known.has(symbol)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    onChange(symbol);
  };
  return (
    <>
      <input
        className={`input symbol-input${invalid ? ' error-text' : ''}`}
        value={text}
        list="kestrel-symbols"
        data-testid={testId ?? 'symbol-box'}
        aria-label="Symbol"
        aria-invalid={invalid}
        title={invalid ? `Unknown symbol ${text.toUpperCase()}` : 'Symbol'}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setText(value);
        }}
      />
    </>
  );
}

/** The datalist of known symbols (rendered once by the workstation). */
export function SymbolDatalist() {
  const { instruments } = useServices();
  const known = useStore(instruments, (state) => state.bySymbol);
  return (
    <datalist id="kestrel-symbols">
      {[...known.values()].map((instrument) => (
        <option key={instrument.symbol} value={instrument.symbol}>
          {instrument.name}
        </option>
      ))}
    </datalist>
  );
}
