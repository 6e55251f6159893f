/** The live app: wires keys to the view state, the view state to the controller, and renders Screen. */
import { useApp, useInput, type Key } from 'ink';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { TopStore } from '../data/controller.js';
import { Screen, layoutOf } from './Screen.js';
import { useNow, useTopData } from '../hooks/useTopData.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { keyToResult, type Effect } from '../state/keymap.js';
import { reduce, type Action, type ViewState } from '../state/viewState.js';

export interface TopAppProps {
  controller: TopStore;
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
      dpdk: view.view === 'threads',
    });
  }, [controller, selectedPrefix, view.view]);
  useEffect(() => {
    controller.interval = view.intervalMs;
  }, [controller, view.intervalMs]);
  useEffect(() => {
    controller.setPaused(view.paused);
  }, [controller, view.paused]);

  const onKey = (input: string, key: Key): void => {
    const ctx = {
      rows: layout.rows.length,
      selectedPrefix,
      instanceRows: layout.instanceRows,
      keys: layout.keys,
      page: Math.max(1, rows - 10),
      replay: snapshot.replay !== undefined,
    };
    // Keys typed quickly (or pasted) arrive as one string: handle them one by one, in order.
    const chars = input.length > 1 && !key.ctrl && !key.meta ? [...input] : [input];
    let state = view;
    const actions: Action[] = [];
    const effects: Effect[] = [];
    for (const ch of chars) {
      const result = keyToResult(state, ch, key, ctx);
      state = result.actions.reduce(reduce, state);
      actions.push(...result.actions);
      if (result.effect) effects.push(result.effect);
    }
    if (actions.length) dispatch(actions);
    for (const effect of effects) {
      if (effect.type === 'quit') exit();
      else if (effect.type === 'replay') {
        const text = controller.apply?.(effect.op) ?? null;
        dispatch([{ type: 'message', text }]);
      } else if (effect.type === 'loglevel') {
        void controller
          .setLoglevel(effect.prefix, effect.level)
          .then((text) => dispatch([{ type: 'message', text }]));
      } else {
        void controller.measureLatency(effect.prefix, effect.seconds);
      }
    }
  };
  // One stable listener: ink re-subscribes whenever the handler changes, i.e. on every render.
  const latest = useRef(onKey);
  latest.current = onKey;
  useInput(useCallback((input: string, key: Key) => latest.current(input, key), []));

  return <Screen {...{ snapshot, view, columns, rows, now, runDir, profile }} />;
}
