import { escapeHtml } from '../analytics/report/escape-html.js';
import type { DashboardAccount } from './account-view.js';

/**
 * The list of every account the dashboard serves (all the queue's registered accounts under
 * `serve --registered`), each linking to its own view; the NLV and time of its latest snapshot.
 */
export async function accountsPage(accounts: readonly DashboardAccount[]): Promise<string> {
  const rows = await Promise.all(
    accounts.map(async (a) => {
      const snapshot = await a.account.deps.journal.latestSnapshot();
      const nlv = snapshot ? `${snapshot.nlv.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${escapeHtml(snapshot.baseCurrency)}` : '–';
      const at = snapshot ? new Date(snapshot.time).toISOString() : '–';
      return `<tr><td><a href="/?account=${encodeURIComponent(a.id)}">${escapeHtml(a.id)}</a></td><td class="num">${nlv}</td><td>${at}</td></tr>`;
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>autofolio: accounts</title><link rel="stylesheet" href="/static/app.css"><link rel="icon" href="/static/favicon.svg"></head>
<body><main><h1>autofolio: ${accounts.length} account${accounts.length === 1 ? '' : 's'}</h1>
<table><thead><tr><th>Account</th><th>NLV</th><th>Latest snapshot (UTC)</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></main></body></html>`;
}
