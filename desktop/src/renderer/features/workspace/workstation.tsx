// The signed-in workstation: the bar with the named workspaces (click to switch, double-click to
// rename, + for a new one, Save with the unsaved-changes dot), the add-panel menu, theme and
// shortcut buttons and the user menu; the dock; and the status bar (server, trading, workspace
// storage). It owns the workspace controller and wires the global commands the hotkeys fire.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DockviewApi } from 'dockview-react';
import { useStore } from 'zustand';
import type { Me } from '../../api/auth-api.js';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { messageOf } from '../auth/session-controller.js';
import { KeyboardIcon, MoonIcon, SunIcon } from '../../ui/icons.js';
import { NameDialog } from '../../ui/name-dialog.js';
import { ChangePasswordDialog } from '../auth/change-password-dialog.js';
import { HotkeysDialog } from '../hotkeys/hotkeys-dialog.js';
import { TradingSettingsDialog } from '../order-ticket/trading-settings-dialog.js';
import { PopoutHotkeys } from '../hotkeys/popout-hotkeys.js';
import { useHotkeys } from '../hotkeys/use-hotkeys.js';
import { addPanel, DEFAULT_SYMBOL } from './default-layout.js';
import { Dock } from './dock.js';
import { linkGroups } from './link-groups.js';
import { SymbolDatalist, WorkspaceContext } from './panel-kit.js';
import { PANEL_ROLES, PANEL_TITLES, PANEL_TYPES, type PanelType } from './panel-params.js';
import { WorkspaceController } from './workspace-controller.js';
import { WorkspaceRepository } from './workspace-repository.js';

type Dialog = { kind: 'new' } | { kind: 'rename' } | { kind: 'hotkeys' } | { kind: 'password' } | { kind: 'trading' } | null;

/** The workstation of a signed-in user. */
export function Workstation({ me }: { me: Me }) {
  const services = useServices();
  const { user, preferences, commands, session, orders, platform } = services;
  const controller = useMemo(
    () => new WorkspaceController(new WorkspaceRepository(user, localStorage, me.id), (name) => preferences.update({ lastWorkspace: name })),
    [user, me.id, preferences],
  );
  const state = useStore(controller.store, (value) => value);
  const theme = useStore(preferences.store, (value) => value.theme);
  const streamStatus = useStore(services.stream.state, (value) => value.status);
  const dockApi = useRef<DockviewApi | null>(null);
  const [dockApiState, setDockApiState] = useState<DockviewApi | null>(null);
  const [dialog, setDialog] = useState<Dialog>(me.mustChangePassword ? { kind: 'password' } : null);
  const [menu, setMenu] = useState<'panels' | 'user' | null>(null);
  useHotkeys();
  const [appVersion, setAppVersion] = useState<string | null>(null);
  useEffect(() => void platform.appInfo?.().then((info) => setAppVersion(`${info.version}${info.packaged ? '' : ' (dev)'}`)), [platform]);
  useEffect(() => platform.updates?.onStatus((status) => notify(status.state === 'error' ? 'error' : 'success', status.state === 'downloaded' ? `Kestrel ${status.version} is ready: restart to install` : `Update: ${status.message ?? status.state}`)), [platform]);

  useEffect(() => {
    void controller.load(preferences.store.getState().lastWorkspace);
  }, [controller, preferences]);
  // Alerts are watched while the workstation is open (not in pop-outs, which share these services).
  useEffect(() => {
    services.alerts.start();
    return () => services.alerts.stop();
  }, [services.alerts]);

  const open = useCallback((type: PanelType) => {
    const api = dockApi.current;
    if (!api) return;
    const symbol = linkGroups.getState().groups.red ?? DEFAULT_SYMBOL;
    const active = api.activePanel;
    addPanel(api, type, symbol, active ? { referencePanel: active.id, direction: 'within' } : undefined);
    setMenu(null);
  }, []);

  useEffect(() => {
    const off = [
      commands.handle('workspace.save', () => void controller.save()),
      commands.handle('workspace.next', () => void controller.cycle(1)),
      commands.handle('workspace.previous', () => void controller.cycle(-1)),
      commands.handle('panel.chart', () => open('chart')),
      commands.handle('panel.ticket', () => open('ticket')),
      commands.handle('panel.watchlist', () => open('watchlist')),
      commands.handle('panel.dom', () => open('dom')),
      commands.handle('theme.toggle', () => preferences.update({ theme: preferences.store.getState().theme === 'dark' ? 'light' : 'dark' })),
      commands.handle('hotkeys.open', () => setDialog({ kind: 'hotkeys' })),
      commands.handle('symbol.search', () => {
        const active = dockApi.current?.activePanel;
        const box = active?.group.element.querySelector<HTMLInputElement>('[data-testid="symbol-box"]');
        (box ?? document.querySelector<HTMLInputElement>('[data-testid="symbol-box"]'))?.select();
      }),
    ];
    commands.fallback('ticket.buy', () => open('ticket'));
    commands.fallback('ticket.sell', () => open('ticket'));
    return () => off.forEach((unregister) => unregister());
  }, [commands, controller, open, preferences]);

  const onApi = useCallback((api: DockviewApi | null) => {
    dockApi.current = api;
    setDockApiState(api);
  }, []);
  const current = state.records.find((record) => record.localId === state.currentId);

  return (
    <WorkspaceContext.Provider value={controller}>
      <SymbolDatalist />
      <PopoutHotkeys api={dockApiState} />
      <div className="shell" data-testid="workstation">
        <div className="topbar">
          <span className="brand">KESTREL</span>
          <div className="ws-tabs" role="tablist" aria-label="Workspaces">
            {state.records.map((record) => (
              <button
                key={record.localId}
                role="tab"
                aria-selected={record.localId === state.currentId}
                className={`ws-tab${record.localId === state.currentId ? ' active' : ''}`}
                data-testid={`workspace-tab-${record.name}`}
                onClick={() => void controller.open(record.localId)}
                onDoubleClick={() => setDialog({ kind: 'rename' })}
                title={record.pending !== 'none' ? 'Saved on this computer only (the server was unreachable)' : record.name}
              >
                {record.name}
                {record.localId === state.currentId && state.dirty && <span className="dirty" title="Unsaved changes" data-testid="workspace-dirty" />}
                {record.pending !== 'none' && <span className="muted">⟳</span>}
              </button>
            ))}
            <button className="ws-tab" title="New workspace" onClick={() => setDialog({ kind: 'new' })} data-testid="new-workspace">
              +
            </button>
          </div>
          <button className="btn btn-small" onClick={() => void controller.save()} disabled={state.busy || !current} title="Save workspace (Ctrl+S)" data-testid="save-workspace">
            Save
          </button>
          <span className="spacer" />
          <div style={{ position: 'relative' }}>
            <button className="btn btn-small" onClick={() => setMenu(menu === 'panels' ? null : 'panels')} data-testid="add-panel">
              Add panel ▾
            </button>
            {menu === 'panels' && (
              <div className="menu" style={{ right: 0, top: 26 }}>
                {PANEL_TYPES.filter((type) => PANEL_ROLES[type]?.includes(me.role) ?? true).map((type) => (
                  <button key={type} onClick={() => open(type)} data-testid={`add-panel-${type}`}>
                    {PANEL_TITLES[type]}
                  </button>
                ))}
              </div>
            )}
          </div>
          <button className="btn btn-small btn-ghost" onClick={() => preferences.update({ theme: theme === 'dark' ? 'light' : 'dark' })} title="Light/dark (Ctrl+Shift+L)" data-testid="theme-toggle">
            {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
          </button>
          <button className="btn btn-small btn-ghost" onClick={() => setDialog({ kind: 'hotkeys' })} title="Keyboard shortcuts (F1)" data-testid="hotkeys-button">
            <KeyboardIcon />
          </button>
          <div style={{ position: 'relative' }}>
            <button className="btn btn-small btn-ghost" onClick={() => setMenu(menu === 'user' ? null : 'user')} data-testid="user-menu">
              {me.email} ▾
            </button>
            {menu === 'user' && (
              <div className="menu" style={{ right: 0, top: 26 }}>
                <button onClick={() => (setMenu(null), setDialog({ kind: 'rename' }))}>Rename workspace…</button>
                <button onClick={() => (setMenu(null), void controller.remove())} data-testid="delete-workspace">
                  Delete workspace
                </button>
                <button onClick={() => (setMenu(null), setDialog({ kind: 'trading' }))} data-testid="open-trading-settings">
                  Trading settings…
                </button>
                <button onClick={() => (setMenu(null), setDialog({ kind: 'password' }))}>Change password…</button>
                {platform.updates && (
                  <button
                    onClick={() => {
                      setMenu(null);
                      void platform.updates
                        ?.check()
                        .then((status) => notify(status.state === 'error' ? 'error' : 'info', status.state === 'available' ? `Kestrel ${status.version} is being downloaded` : (status.message ?? `Updates: ${status.state}`)))
                        .catch((error: unknown) => notify('error', messageOf(error)));
                    }}
                  >
                    Check for updates
                  </button>
                )}
                <button onClick={() => (setMenu(null), void session.logout())} data-testid="sign-out">
                  Sign out
                </button>
              </div>
            )}
          </div>
        </div>
        <div className="dock-area" onMouseDown={() => menu && setMenu(null)}>
          {state.status === 'error' ? <div className="panel-empty error-text">Workspaces could not be loaded: {state.error}</div> : <Dock onApi={onApi} />}
        </div>
        <div className="statusbar">
          <span>
            <span className={`status-dot${state.offline ? ' off' : ''}`} />
            {state.offline ? 'Server unreachable: working from this computer' : 'Connected'}
          </span>
          <span>
            <span className={`status-dot${orders.available ? '' : ' warn'}`} />
            {orders.available ? 'Trading available' : 'Trading unavailable on this server'}
          </span>
          <span data-testid="stream-status">
            <span className={`status-dot${streamStatus === 'open' ? '' : ' warn'}`} />
            {streamStatus === 'open' ? 'Live stream' : streamStatus === 'idle' ? 'Polling' : 'Stream reconnecting (polling)'}
          </span>
          <span>{me.role}</span>
          <span className="spacer" />
          <span>{current ? `Workspace: ${current.name}${state.dirty ? ' (unsaved)' : ''}` : ''}</span>
          <span>{platform.kind === 'electron' ? `Desktop ${appVersion ?? ''}` : 'Web'}</span>
        </div>
      </div>
      {dialog?.kind === 'new' && <NameDialog title="New workspace" initial={`Workspace ${state.records.length + 1}`} onSubmit={(name) => void controller.create(name)} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rename' && current && <NameDialog title="Rename workspace" initial={current.name} onSubmit={(name) => void controller.rename(name)} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'hotkeys' && <HotkeysDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'trading' && <TradingSettingsDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'password' && <ChangePasswordDialog email={me.email} forced={me.mustChangePassword} onClose={() => setDialog(null)} />}
    </WorkspaceContext.Provider>
  );
}
