import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { dashboardApp, type DashboardOptions } from './dashboard-app.js';

export interface RunningDashboard {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the dashboard on host:port (port 0: any free port) until close(). */
export async function startDashboard(options: DashboardOptions & { readonly host: string; readonly port: number }): Promise<RunningDashboard> {
  const app = dashboardApp({ ...options, hostNames: [options.host] });
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(started as Server));
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        // Live feeds never end by themselves: close them, or close() would wait for every open page.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
