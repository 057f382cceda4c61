// The dashboard page: reads the account's figures from the server's live feed (server-sent
// events) and draws them. Every value goes into the page as text, never as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let accountId = params.get('account');
  let source;
  const charts = {};

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  const money = (n) => (n === null || n === undefined ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  const signed = (n) => (n === null || n === undefined ? '–' : (n > 0 ? '+' : '') + money(n));
  const pct = (r, digits = 2) => (r === null || r === undefined ? '–' : (Math.abs(r * 100) < 0.5 * 10 ** -digits ? 0 : r * 100).toFixed(digits) + ' %');
  const signedPct = (r) => (r === null || r === undefined ? '–' : (r > 0 ? '+' : '') + pct(r));
  const time = (ms) => (ms === null || ms === undefined ? '–' : new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
  // Axis labels stay short enough for a phone: 1,003k rather than 1,003,000.
  const compact = (v) => (Math.abs(v) >= 100000 ? (v / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 }) + 'k' : v.toLocaleString('en-US', { maximumFractionDigits: 0 }));
  const tone = (n) => (n > 0 ? 'up' : n < 0 ? 'down' : '');

  function table(id, headers, rows, empty) {
    const t = $(id);
    t.replaceChildren();
    if (rows.length === 0) {
      const tr = el('tr');
      const td = el('td', empty, 'empty');
      td.colSpan = headers.length;
      tr.append(td);
      t.append(tr);
      return;
    }
    const head = el('tr');
    for (const h of headers) head.append(el('th', h.label, h.num ? 'num' : ''));
    t.append(el('thead'));
    t.firstChild.append(head);
    const body = el('tbody');
    for (const row of rows) {
      const tr = el('tr');
      row.forEach((cell, i) => {
        const value = typeof cell === 'object' && cell !== null ? cell : { text: cell };
        tr.append(el('td', value.text, [headers[i].num ? 'num' : '', value.tone || ''].join(' ').trim()));
      });
      body.append(tr);
    }
    t.append(body);
  }

  function figure(label, value, sub, toneOf) {
    const box = el('div', null, 'figure');
    box.append(el('div', label, 'label'), el('div', value, 'value ' + (toneOf !== undefined ? tone(toneOf) : '')));
    if (sub) box.append(el('div', sub, 'sub'));
    return box;
  }

  function renderTrading(view) {
    const t = view.trading;
    const badge = $('trading-state');
    badge.textContent = t.halted ? 'HALTED' : 'Trading';
    badge.className = 'badge ' + (t.halted ? 'halted' : 'active');
    const who = t.source ? ' by ' + (t.source === 'command' ? 'the command line' : t.source) : '';
    $('trading-detail').textContent = t.halted ? (t.reason || 'halted') + (t.since ? ' since ' + time(t.since) : '') : 'Active' + (t.since ? ', resumed' + who + ' ' + time(t.since) : '');
    const n = view.nextRun;
    $('next-run').textContent = n ? 'Next run: ' + n.kind + ' ' + time(n.time) + (n.digest ? ' (' + n.digest + ' digest)' : '') + (view.daemon.running ? '' : ' · daemon not running') : 'No run scheduled within a year';
    const action = '/api/accounts/' + encodeURIComponent(view.account.id);
    $('halt-form').action = action + '/halt';
    $('resume-form').action = action + '/resume';
    $('halt-form').hidden = t.halted;
    $('resume-form').hidden = !t.halted;
  }

  function renderFigures(view) {
    const f = view.figures;
    const box = $('figures');
    box.replaceChildren();
    if (!f) {
      box.append(el('p', 'No run has been recorded yet: the figures appear after the first run.', 'caption'));
      return;
    }
    const base = view.account.baseCurrency || '';
    box.append(
      figure('NLV', money(f.nlv) + ' ' + base, 'as of ' + time(f.asOf)),
      figure('P&L today', signed(f.pnlDay), signedPct(f.pnlDayRatio), f.pnlDay),
      figure('P&L since start', signed(f.pnlSinceStart), signedPct(f.pnlSinceStartRatio), f.pnlSinceStart),
      figure('Leverage', f.grossLeverage.toFixed(2) + '×', 'net ' + f.netLeverage.toFixed(2) + '×'),
    );
  }

  function renderPositions(view) {
    const p = view.plan;
    $('plan-caption').textContent = p ? 'Targets of run ' + p.runId + ', planned ' + time(p.at) + (p.dryRun ? ' (a dry run: nothing was sent)' : '') : 'No plan yet: targets appear after the first run.';
    table(
      'positions',
      [{ label: 'Symbol' }, { label: 'Held', num: true }, { label: 'Target', num: true }, { label: 'Now', num: true }, { label: 'Drift', num: true }, { label: 'Planned trade' }, { label: 'Unrealised P&L', num: true }],
      view.positions.map((r) => [r.symbol, r.quantity, pct(r.targetWeight, 1), pct(r.weight, 1), { text: r.drift === undefined ? '–' : (r.drift > 0 ? '+' : '') + pct(r.drift, 1), tone: Math.abs(r.drift || 0) > 0.05 ? 'warn' : '' }, r.trade, r.unrealizedPnl === 0 ? '–' : signed(r.unrealizedPnl)]),
      'No positions and no targets yet.',
    );
  }

  function renderCash(view) {
    const base = view.account.baseCurrency || 'base';
    table('cash', [{ label: 'Currency' }, { label: 'Amount', num: true }, { label: 'In ' + base, num: true }], view.cash.map((c) => [c.currency, money(c.amount), money(c.inBase)]), 'No cash recorded yet.');
    table('fx', [{ label: 'Currency' }, { label: 'In ' + base, num: true }, { label: 'Of NLV', num: true }], view.fxExposure.map((c) => [c.currency, money(c.inBase), pct(c.weight, 1)]), 'No exposure recorded yet.');
  }

  function chart(key, container, series, data, height) {
    const width = Math.max(280, $(container).clientWidth);
    if (typeof uPlot === 'undefined') return;
    if (charts[key] && charts[key].width === width) {
      charts[key].plot.setData(data);
      return;
    }
    if (charts[key]) charts[key].plot.destroy();
    $(container).replaceChildren();
    const { axisValues, ...line } = series;
    const plot = new uPlot({ width, height, series: [{}, line], axes: [{ stroke: '#8a94a6', grid: { stroke: '#eef1f5' } }, { stroke: '#8a94a6', grid: { stroke: '#eef1f5' }, size: 70, values: axisValues }], legend: { show: false }, cursor: { drag: { x: false, y: false } } }, data, $(container));
    charts[key] = { plot, width };
  }

  function renderCharts(view) {
    const e = view.equity;
    const empty = e.times.length < 2;
    for (const id of ['equity-chart', 'drawdown-chart']) {
      if (empty) {
        if (charts[id]) charts[id].plot.destroy();
        delete charts[id];
        $(id).replaceChildren(el('p', 'The chart is drawn from the second run on.', 'caption'));
      }
    }
    if (empty) return;
    const x = e.times.map((t) => t / 1000);
    chart('equity-chart', 'equity-chart', { label: 'NLV', stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.08)', axisValues: (u, ticks) => ticks.map(compact) }, [x, e.values], 220);
    chart('drawdown-chart', 'drawdown-chart', { label: 'Drawdown', stroke: '#dc2626', width: 1.5, fill: 'rgba(220,38,38,0.12)', axisValues: (u, ticks) => ticks.map((v) => (v * 100).toFixed(1) + ' %') }, [x, e.drawdown], 120);
  }

  const duration = (ms) => (ms < 1000 ? Math.round(ms) + ' ms' : (ms / 1000).toFixed(1) + ' s');

  function renderRuns(view) {
    const box = $('runs');
    const open = new Set([...box.querySelectorAll('details[open]')].map((d) => d.dataset.run));
    box.replaceChildren();
    if (view.runs.length === 0) box.append(el('p', 'No run yet.', 'caption'));
    for (const run of view.runs) {
      const d = el('details', null, 'run');
      d.dataset.run = run.id;
      if (open.has(run.id) || run.outcome === 'running') d.open = true;
      const s = el('summary');
      s.append(el('span', run.outcome, 'outcome ' + run.outcome), el('span', time(run.startedAt), 'when'), el('span', run.ordersSent + ' orders · ' + run.fills + ' fills' + (run.dryRun ? ' · dry run' : '') + (run.purpose === 'end-of-day' ? ' · end of day' : ''), 'counts'));
      d.append(s);
      if (run.message) d.append(el('p', run.message, 'message'));
      const steps = el('ol', null, 'steps');
      for (const step of run.steps) {
        const li = el('li', null, 'step ' + step.outcome);
        li.append(el('span', step.step, 'name'), el('span', step.outcome, 'result'), el('span', duration(step.durationMs), 'duration'));
        if (step.error) li.append(el('div', step.error, 'error'));
        steps.append(li);
      }
      d.append(steps);
      const detail = el('div', null, 'detail');
      d.append(detail);
      d.addEventListener('toggle', () => d.open && loadRun(run.id, detail));
      if (d.open) loadRun(run.id, detail);
      box.append(d);
    }
  }

  async function loadRun(runId, box) {
    const response = await fetch('/api/accounts/' + encodeURIComponent(accountId) + '/runs/' + encodeURIComponent(runId));
    if (!response.ok) return;
    const r = await response.json();
    box.replaceChildren();
    if (r.orders.length > 0) {
      const t = el('table');
      t.id = 'orders-' + runId;
      box.append(el('h3', 'Orders'), wrap(t));
      table(t.id, [{ label: 'Symbol' }, { label: 'Side' }, { label: 'Qty', num: true }, { label: 'Limit', num: true }, { label: 'Filled', num: true }, { label: 'Status' }], r.orders.map((o) => [o.symbol, o.side, o.quantity, o.limitPrice, o.filledQuantity, o.status + (o.rejectReason ? ': ' + o.rejectReason : '')]), '');
    }
    if (r.fills.length > 0) {
      const t = el('table');
      t.id = 'fills-' + runId;
      box.append(el('h3', 'Fills'), wrap(t));
      table(t.id, [{ label: 'Time' }, { label: 'Symbol' }, { label: 'Side' }, { label: 'Qty', num: true }, { label: 'Price', num: true }, { label: 'Commission', num: true }], r.fills.map((f) => [time(f.time), f.symbol, f.side, f.quantity, f.price, f.commission + ' ' + f.currency]), '');
    }
  }

  function wrap(node) {
    const div = el('div', null, 'scroll');
    div.append(node);
    return div;
  }

  function renderNotices(view) {
    table('notices', [{ label: 'When' }, { label: 'Kind' }, { label: 'Subject' }, { label: 'Delivered' }], view.notices.map((n) => [time(n.time), n.kind, n.subject, n.deliveries.map((d) => d.channel + ': ' + d.status).join(', ')]), 'Nothing sent yet.');
  }

  function render(view) {
    renderTrading(view);
    renderFigures(view);
    renderCharts(view);
    renderPositions(view);
    renderCash(view);
    renderRuns(view);
    renderNotices(view);
    document.body.dataset.ready = 'true';
  }

  function connect() {
    if (source) source.close();
    source = new EventSource('/api/accounts/' + encodeURIComponent(accountId) + '/events');
    source.addEventListener('state', (event) => {
      $('live').textContent = 'live';
      $('live').className = 'live on';
      render(JSON.parse(event.data));
    });
    source.addEventListener('error', () => {
      $('live').textContent = 'reconnecting…';
      $('live').className = 'live';
    });
  }

  async function start() {
    const response = await fetch('/api/accounts');
    if (response.status === 401) {
      location.href = '/login';
      return;
    }
    const accounts = await response.json();
    if (!accountId || !accounts.some((a) => a.id === accountId)) accountId = accounts[0].id;
    const select = $('account');
    for (const a of accounts) {
      const option = el('option', a.id);
      option.value = a.id;
      option.selected = a.id === accountId;
      select.append(option);
    }
    select.hidden = accounts.length < 2;
    $('account-name').textContent = accounts.length < 2 ? accountId : '';
    select.addEventListener('change', () => {
      accountId = select.value;
      history.replaceState(null, '', '?account=' + encodeURIComponent(accountId));
      connect();
    });
    connect();
  }

  start();
})();
