// Hotkeys inside the dock's pop-out windows: a pop-out is a window of its own, so its key presses
// never reach the main window's listener. This installs the same listener (useHotkeys, the same
// bindings and command bus) on every pop-out window while it is open, following dockview's
// pop-out events.
import { useEffect, useState } from 'react';
import type { DockviewApi } from 'dockview-react';
import { useHotkeys } from './use-hotkeys.js';

function WindowHotkeys({ target }: { target: Window }) {
  useHotkeys(target);
  return null;
}

/** One hotkey listener per open pop-out window of `api`'s dock. */
export function PopoutHotkeys({ api }: { api: DockviewApi | null }) {
  const [popouts, setPopouts] = useState<Array<{ id: string; window: Window }>>([]);
  useEffect(() => {
    if (!api) return undefined;
    const read = () => setPopouts(api.getPopouts().map((popout) => ({ id: popout.id, window: popout.window })));
    read();
    const subscriptions = [
      api.onDidAddPopoutGroup(read),
      api.onDidRemovePopoutGroup(read),
      api.onWillClosePopoutWindow((event) => setPopouts((current) => current.filter((popout) => popout.window !== event.window))),
    ];
    return () => subscriptions.forEach((subscription) => subscription.dispose());
  }, [api]);
  return (
    <>
      {popouts.map((popout) => (
        <WindowHotkeys key={popout.id} target={popout.window} />
      ))}
    </>
  );
}
