/** The live app: wires keys to the view state, the view state to the controller, and renders Screen. */
import { useApp, useInput } from 'ink';
import { useEffect, useReducer } from 'react';
import type { TopController } from '../data/controller.js';
import { Screen, layoutOf } from './Screen.js';
import { useNow, useTopData } from '../hooks/useTopData.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { keyToResult } from '../state/keymap.js';
import { reduce, type Action, type ViewState } from '../state/viewState.js';

export interface TopAppProps {
  controller: TopController;
  initial: ViewState;
  runDir: string;
  profile: string;
}

function reduceAll(s: ViewState, actions: readonly Action[]): ViewState {
  return actions.reduce(reduce, s);
}

export function TopApp({ controller, initial, runDir, profile }: TopAppProps) {
  const { exit } = useApp();
  const snapshot = useTopData(controller);
  const now = useNow(controller.now);
  const { columns, rows } = useTerminalSize();
  const [view, dispatch] = useReducer(reduceAll, initial);
  const layout = layoutOf(snapshot, view);
  const selectedPrefix = layout.selection.prefix;

  // Poll only what the visible view needs, and only for the selected instance.
  useEffect(() => {
    controller.setDemand(selectedPrefix, {
      conn: view.view === 'connections',
      snmp: view.view === 'snmp',
      nic: view.view === 'nic',
    });
  }, [controller, selectedPrefix, view.view]);
  useEffect(() => {
    controller.interval = view.intervalMs;
  }, [controller, view.intervalMs]);
  useEffect(() => {
    controller.setPaused(view.paused);
  }, [controller, view.paused]);

  useInput((input, key) => {
    const result = keyToResult(view, input, key, {
      rows: layout.rows.length,
      selectedPrefix,
      instanceRows: layout.instanceRows,
      page: Math.max(1, rows - 10),
    });
    if (result.actions.length) dispatch(result.actions);
    const effect = result.effect;
    if (!effect) return;
    if (effect.type === 'quit') exit();
    else if (effect.type === 'loglevel') {
      void controller
        .setLoglevel(effect.prefix, effect.level)
        .then((text) => dispatch([{ type: 'message', text }]));
    } else if (effect.type === 'latency') {
      void controller.measureLatency(effect.prefix, effect.seconds);
    }
  });

  return (
    <Screen
      snapshot={snapshot}
      view={view}
      columns={columns}
      rows={rows}
      now={now}
      runDir={runDir}
      profile={profile}
    />
  );
}
