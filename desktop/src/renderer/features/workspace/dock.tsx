// The docking area (dockview): panels can be dragged, split, tabbed, floated over the layout or
// popped out into their own window (a second monitor: a new Electron window, a browser popup on
// the web). The dock reports every layout change to the workspace controller and gives it the
// serialise/restore handle; each group header has float, pop-out and maximise buttons.
import { useEffect, useRef } from 'react';
import 'dockview-react/dist/styles/dockview.css';
import { DockviewReact, themeDark, themeLight, type DockviewApi, type DockviewReadyEvent, type IDockviewHeaderActionsProps, type SerializedDockview } from 'dockview-react';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { DockIcon, FloatIcon, MaximiseIcon, PopoutIcon } from '../../ui/icons.js';
import { notify } from '../../app/toasts.js';
import { buildDefaultLayout } from './default-layout.js';
import { useWorkspace } from './panel-kit.js';
import { PANEL_COMPONENTS } from './panel-registry.js';

/** The buttons at the right of each group's tab strip. */
function GroupActions(props: IDockviewHeaderActionsProps) {
  const { platform } = useServices();
  const panel = props.activePanel;
  if (!panel) return null;
  const floating = props.api.location.type === 'floating';
  const popout = props.api.location.type === 'popout';
  return (
    <div className="row" style={{ padding: '0 6px', height: '100%' }}>
      {!popout && (
        <button
          className="btn btn-small btn-ghost"
          title={floating ? 'Dock back into the layout' : 'Float over the layout'}
          onClick={() => (floating ? props.api.moveTo({ position: 'right' }) : props.containerApi.addFloatingGroup(props.group))}
        >
          {floating ? <DockIcon /> : <FloatIcon />}
        </button>
      )}
      {!popout && (
        <button
          className="btn btn-small btn-ghost"
          title="Open in a new window (second monitor)"
          data-testid="popout-group"
          onClick={() =>
            void props.containerApi.addPopoutGroup(props.group, { popoutUrl: platform.popoutUrl }).then((opened) => {
              if (!opened) notify('error', 'The new window was blocked; allow pop-ups for Kestrel');
            })
          }
        >
          <PopoutIcon />
        </button>
      )}
      <button className="btn btn-small btn-ghost" title="Maximise / restore" onClick={() => (props.api.isMaximized() ? props.api.exitMaximized() : props.api.maximize())}>
        <MaximiseIcon />
      </button>
    </div>
  );
}

/** The dock. */
export function Dock({ onApi }: { onApi: (api: DockviewApi | null) => void }) {
  const { preferences } = useServices();
  const theme = useStore(preferences.store, (state) => state.theme);
  const workspace = useWorkspace();
  const apiRef = useRef<DockviewApi | null>(null);

  useEffect(
    () => () => {
      workspace.attachDock(null);
      onApi(null);
    },
    [workspace, onApi],
  );

  const ready = (event: DockviewReadyEvent) => {
    const api = event.api;
    apiRef.current = api;
    onApi(api);
    api.onDidLayoutChange(() => workspace.markDirty());
    workspace.attachDock({
      serialise: () => api.toJSON() as unknown as Record<string, unknown>,
      restore: (dock) => {
        api.clear();
        if (dock) api.fromJSON(dock as unknown as SerializedDockview);
        else buildDefaultLayout(api);
      },
    });
  };

  return (
    <DockviewReact
      className="dock"
      components={PANEL_COMPONENTS}
      rightHeaderActionsComponent={GroupActions}
      onReady={ready}
      theme={theme === 'dark' ? themeDark : themeLight}
    />
  );
}
