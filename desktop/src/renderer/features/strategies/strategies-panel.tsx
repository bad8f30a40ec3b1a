// Strategies panel: the caller's strategies on the strategy service (create one from a built-in
// with its default parameters; see a strategy's parameters), start the selected one on an account
// for some symbols and a bar interval, and the deployments with their live P&L (polled every few
// seconds while the panel is open), pause / resume / stop. The account decides paper or live
// (the service's rule). When the suite has no strategy service the panel says so.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { BAR_INTERVALS, type BarInterval } from '@kestrel/shared';
import { BUILTIN_STRATEGIES, type Deployment, type DeploymentPerformance, type StrategyRecord, type StrategyVersion } from '../../api/strategy-api.js';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { DataGrid } from '../../ui/data-grid.js';
import { messageOf } from '../auth/session-controller.js';
import { formatMoney } from '../market/format.js';
import { AccountSelect } from '../trading/account-select.js';
import { useAccounts } from '../trading/use-trading.js';
import { effectiveParams } from './strategy-model.js';

const PERFORMANCE_MS = 3000;

interface DeploymentRow extends Deployment {
  strategyName: string;
  symbolsText: string;
  pnlText: string;
  drawdownText: string;
  fills: number | null;
}

/** The strategies panel. */
export function StrategiesPanel() {
  const { strategies: api, capabilities } = useServices();
  const available = capabilities?.has('post', '/v1/strategy-deployments') ?? false;
  const accountsResult = useAccounts();
  const accounts = accountsResult?.ok ? accountsResult.value : null;
  const [list, setList] = useState<StrategyRecord[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [version, setVersion] = useState<StrategyVersion | null>(null);
  const [deployments, setDeployments] = useState<Deployment[]>([]);
  const [performance, setPerformance] = useState<Record<string, DeploymentPerformance>>({});
  const [create, setCreate] = useState({ builtin: 'sma-cross', name: '' });
  const [start, setStart] = useState({ accountId: null as string | null, symbols: 'AAPL', interval: '1m' as BarInterval });

  const reload = useCallback(async () => {
    try {
      const [strategies, deployed] = await Promise.all([api.strategies(), api.deployments()]);
      setList(strategies);
      setDeployments(deployed);
      setSelected((current) => current ?? strategies[0]?.id ?? null);
    } catch (error) {
      notify('error', `Strategies: ${messageOf(error)}`);
    }
  }, [api]);
  useEffect(() => {
    if (available) void reload();
  }, [available, reload]);

  useEffect(() => {
    setVersion(null);
    if (!selected) return;
    api
      .strategy(selected)
      .then((answer) => setVersion(answer.version))
      .catch((error: unknown) => notify('error', `Strategy: ${messageOf(error)}`));
  }, [api, selected]);

  // Live P&L of the running and paused deployments.
  const live = useMemo(() => deployments.filter((each) => each.status === 'running' || each.status === 'paused').map((each) => each.id), [deployments]);
  useEffect(() => {
    if (live.length === 0) return undefined;
    let stopped = false;
    const poll = async () => {
      const answers = await Promise.all(live.map((id) => api.performance(id).catch(() => null)));
      if (stopped) return;
      setPerformance((current) => {
        const next = { ...current };
        for (const answer of answers) if (answer) next[answer.deploymentId] = answer;
        return next;
      });
    };
    void poll();
    const timer = setInterval(() => void poll(), PERFORMANCE_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, live]);

  const createStrategy = async () => {
    try {
      const name = create.name.trim() || `${create.builtin} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
      const answer = await api.createStrategy({ name: name.replace(/[^A-Za-z0-9 ._-]/g, '-'), builtin: create.builtin });
      notify('success', `Strategy "${answer.strategy.name}" created`);
      setSelected(answer.strategy.id);
      await reload();
    } catch (error) {
      notify('error', `Strategy not created: ${messageOf(error)}`);
    }
  };

  const startSelected = async () => {
    if (!selected || !start.accountId) return;
    const symbols = start.symbols
      .split(/[\s,]+/)
      .map((each) => each.trim().toUpperCase())
      .filter(Boolean);
    try {
      const deployment = await api.startDeployment({ strategyId: selected, accountId: start.accountId, symbols, barInterval: start.interval });
      notify('success', `Deployment started (${deployment.mode})`);
      await reload();
    } catch (error) {
      notify('error', `Not started: ${messageOf(error)}`);
    }
  };

  const change = useCallback(
    async (id: string, action: 'pause' | 'resume' | 'stop') => {
      try {
        await api.changeDeployment(id, action);
        await reload();
      } catch (error) {
        notify('error', `${action} refused: ${messageOf(error)}`);
      }
    },
    [api, reload],
  );

  const currencyOf = useCallback((accountId: string) => accounts?.find((account) => account.id === accountId)?.currency ?? 'USD', [accounts]);
  const rows = useMemo<DeploymentRow[]>(
    () =>
      deployments.map((deployment) => {
        const numbers = performance[deployment.id];
        const currency = currencyOf(deployment.accountId);
        return {
          ...deployment,
          strategyName: list.find((each) => each.id === deployment.strategyId)?.name ?? deployment.strategyId.slice(0, 8),
          symbolsText: deployment.symbols.join(' '),
          pnlText: numbers ? formatMoney(numbers.pnlMinor, currency) : '',
          drawdownText: numbers ? formatMoney(numbers.maxDrawdownMinor, currency) : '',
          fills: numbers?.fills ?? null,
        };
      }),
    [deployments, performance, list, currencyOf],
  );
  const columns = useMemo<Array<ColDef<DeploymentRow>>>(
    () => [
      { headerName: 'Strategy', field: 'strategyName', width: 150 },
      { headerName: 'v', field: 'version', width: 45 },
      { headerName: 'Mode', field: 'mode', width: 60 },
      { headerName: 'Symbols', field: 'symbolsText', width: 100 },
      { headerName: 'Bars', field: 'barInterval', width: 55 },
      { headerName: 'Status', field: 'status', width: 80 },
      { headerName: 'P&L', field: 'pnlText', width: 100, type: 'rightAligned' },
      { headerName: 'Max DD', field: 'drawdownText', width: 100, type: 'rightAligned' },
      { headerName: 'Fills', field: 'fills', width: 60, type: 'rightAligned' },
      { headerName: 'Error', field: 'error', width: 160, valueFormatter: (params) => (params.value ? `${(params.value as { code: string }).code}` : '') },
      {
        headerName: '',
        colId: 'actions',
        width: 150,
        sortable: false,
        filter: false,
        pinned: 'right',
        cellRenderer: (params: ICellRendererParams<DeploymentRow>) => {
          const row = params.data;
          if (!row || row.status === 'stopped' || row.status === 'failed') return null;
          return (
            <span className="row">
              <button className="btn btn-small" data-testid={row.status === 'running' ? 'pause-deployment' : 'resume-deployment'} onClick={() => void change(row.id, row.status === 'running' ? 'pause' : 'resume')}>
                {row.status === 'running' ? 'Pause' : 'Resume'}
              </button>
              <button className="btn btn-small" data-testid="stop-deployment" onClick={() => void change(row.id, 'stop')}>
                Stop
              </button>
            </span>
          );
        },
      },
    ],
    [change],
  );

  if (!available) {
    return (
      <div className="panel">
        <div className="panel-empty" data-testid="strategies-unavailable">
          This Kestrel server has no strategy service (POST /v1/strategy-deployments is not in its API)
        </div>
      </div>
    );
  }
  return (
    <div className="panel" data-testid="strategies">
      <div className="panel-toolbar">
        <select className="input" aria-label="Built-in strategy" data-testid="new-strategy-builtin" value={create.builtin} onChange={(event) => setCreate({ ...create, builtin: event.target.value })}>
          {BUILTIN_STRATEGIES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <input className="input" placeholder="Name" aria-label="Strategy name" data-testid="new-strategy-name" value={create.name} onChange={(event) => setCreate({ ...create, name: event.target.value })} />
        <button className="btn btn-small" data-testid="create-strategy" onClick={() => void createStrategy()}>
          Create
        </button>
        <span className="spacer" />
        <select className="input" aria-label="Strategy" data-testid="strategy-select" value={selected ?? ''} onChange={(event) => setSelected(event.target.value || null)}>
          {list.length === 0 && <option value="">No strategies yet</option>}
          {list.map((strategy) => (
            <option key={strategy.id} value={strategy.id}>
              {strategy.name} (v{strategy.latestVersion})
            </option>
          ))}
        </select>
      </div>
      <div className="panel-toolbar">
        <span className="muted" data-testid="strategy-params">
          {version ? `${version.strategyName}: ${effectiveParams(version) || 'no parameters'}` : ''}
        </span>
        <span className="spacer" />
        <AccountSelect accounts={accounts} value={start.accountId} onChange={(accountId) => setStart({ ...start, accountId })} />
        <input className="input narrow" aria-label="Symbols" data-testid="deploy-symbols" value={start.symbols} onChange={(event) => setStart({ ...start, symbols: event.target.value })} />
        <select className="input" aria-label="Bar interval" value={start.interval} onChange={(event) => setStart({ ...start, interval: event.target.value as BarInterval })}>
          {BAR_INTERVALS.map((interval) => (
            <option key={interval} value={interval}>
              {interval}
            </option>
          ))}
        </select>
        <button className="btn btn-small btn-primary" data-testid="start-deployment" disabled={!selected || !start.accountId} onClick={() => void startSelected()}>
          Start
        </button>
      </div>
      <div className="panel-body">
        <DataGrid rows={rows} columns={columns} testId="deployments" overlay="No deployments" />
      </div>
    </div>
  );
}
