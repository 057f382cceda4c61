import type { Instrument } from '../domain/instrument.js';

/**
 * The commented autofolio.yaml that `autofolio init` writes: the paper broker on the bundled
 * sample data, on the data's own clock, with every safety limit spelled out.
 */
export function starterConfig(instruments: readonly Instrument[], options: { clock: 'data' | 'wall' } = { clock: 'data' }): string {
  const list = instruments
    .map((i) => `  - { symbol: ${i.symbol}, secType: ${i.secType}, currency: ${i.currency}, exchange: ${i.exchange}, lotSize: ${i.lotSize}, tickSize: ${i.tickSize} }`)
    .join('\n');
  return `# autofolio configuration. Every key is checked when a command starts; an error names the
# line and the field. Secrets (broker, SMTP passwords) never go here: they come from the
# environment. Paths are relative to this file.

account:
  id: PAPER-1              # for IB: the account id, e.g. DU1234567
  baseCurrency: USD        # NLV, P&L and limits are in this currency

# "data": now is the time of the newest bar in dataDir, so runs work at any hour on the
# bundled files. "wall": the real time (use it with a live broker).
clock: ${options.clock}
dataDir: data              # one CSV per symbol: <SYMBOL>.csv (time,open,high,low,close,volume)
stateDir: state            # order files, trades.csv, snapshots, autofolio.sqlite, outbox/

broker:
  kind: paper              # the embedded paper broker; later: kind: ib, host, port, clientId, account
  initialCash: { USD: 1000000 }
  spreadBps: 2             # bid/ask around the bar price
  maxVolumeShare: 0.1      # a fill takes at most 10% of a bar's volume
  commission: { perShare: 0.005, minimum: 1.0, maximumPctOfValue: 1.0 }   # IB fixed pricing

# Instruments the strategy trades, and the FX pairs (secType CASH) that convert their
# currencies into the base currency.
instruments:
${list}

strategy:
  kind: inverse-vol        # fixed | inverse-vol | external (a model of yours writes the forecast file)
  lookbackDays: 60         # days of daily closes for each instrument's volatility
  grossExposure: 1.0       # the weights sum to this
  volTarget:               # leverage = target / realised portfolio volatility, capped
    target: 0.08
    lookbackDays: 20
    maxLeverage: 1.5

forecast:
  file: forecast.csv       # in stateDir; .csv or .json
  maxAgeMinutes: 120       # an older forecast is stale: nothing is sent

planning:
  limitOffsetBps: 10       # buy limit = mid + 10 bp, sell limit = mid - 10 bp, rounded to the tick
  noTradeBandPct: 0.5      # skip trades smaller than 0.5% of NLV
  minOrderValue: 500       # and smaller than this, in the base currency
  cashBufferPct: 0.5       # buys never spend the last 0.5% of NLV

risk:
  maxGrossLeverage: 1.6    # gross exposure / NLV after the plan
  maxWeight: 0.5           # largest position / NLV after the plan
  maxOrderValuePct: 50     # largest single order, % of NLV
  maxOrders: 40            # most orders in one run
  priceBandBps: 200        # refuse a limit further than 2% from the reference price
  maxQuoteAgeMinutes: 90   # refuse to trade on older quotes
  dailyLossLimitPct: 5     # stop for the day after losing 5% from the day's start
  allowShort: false
  closedMarket: hold-orders   # a closed market's trades wait and the rest trade; block-run: send nothing
  maxFxTradePct: 100       # largest FX conversion, % of NLV
  maxFxPerRunPct: 200      # all FX conversions of one run, % of NLV

# FX hedging (README: "FX hedging"). Without this section every foreign currency has ratio 0:
# CAD buys are funded by converting USD first, never by borrowing CAD. Ratio 1 hedges the CAD
# assets fully, 0.5 half; no FX trade while the exposure is within bandPct of NLV of its target.
# fxHedge:
#   ratios: { CAD: 0.5 }
#   bandPct: 1
#   belowMinimum: odd-lot  # or skip: FX trades below IDEALPRO's minimum (about USD 25,000)

execution:
  sellWaitSeconds: 30      # wait this long for sells to fill before sending buys
  fillWaitSeconds: 10      # wait this long for fills before recording the run

notify:
  to: owner@example.com    # alerts and digests; with no SMTP server they go to the outbox folder
  from: autofolio@localhost
  outbox: outbox
`;
}
