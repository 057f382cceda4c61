import * as z from 'zod';

// zod compiles a parser for each object schema (new Function) on its first parse, which pays
// only when a schema parses many times; a command parses its config once, and the compiling
// cost more than the parse (about 10 ms of `autofolio status`).
z.config({ jitless: true });

// The schemas are built on first need, not when this module loads: building them (hundreds of
// zod objects, each key described) took longer than the rest of `autofolio status`, and a
// command whose config is in the user cache (./load.ts) never needs them. The types below are
// still derived from them.
function defineSchemas() {
  // Every key has a description, a default only where the default moves no money, and bounds.
  // Cross-field rules are named refinements whose messages say how to fix the file.

  const currency = z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in capitals, e.g. USD');

  const instrument = z
    .object({
      symbol: z.string().regex(/^[A-Za-z0-9.\-_]{1,24}$/, 'letters, digits, ".", "-" or "_", at most 24').describe('Key of the instrument; also the name of its data file <symbol>.csv'),
      secType: z.enum(['STK', 'CASH']).default('STK').describe('STK for stocks and ETFs; CASH for an FX pair used to convert currencies'),
      currency: currency.describe('Currency the instrument is quoted in'),
      exchange: z.string().min(2).default('XNYS').describe('Market identifier (MIC) whose trading hours apply: XNYS, XTSE, XLON, or FX'),
      lotSize: z.number().positive().default(1).describe('Orders are whole multiples of this quantity'),
      tickSize: z.number().positive().default(0.01).describe('Limit prices are whole multiples of this'),
      multiplier: z.number().positive().default(1).describe('Value of one unit = price × multiplier'),
    })
    .strict();

  const commission = z
    .object({
      perShare: z.number().min(0).default(0.005).describe('Commission per share or unit, in the instrument currency (IB fixed: 0.005)'),
      minimum: z.number().min(0).default(1).describe('Minimum commission per order (IB fixed: 1.00)'),
      maximumPctOfValue: z.number().min(0).max(100).default(1).describe('Maximum commission as a percentage of trade value (IB fixed: 1%)'),
    })
    .strict();

  const fxCommission = z
    .object({
      bps: z.number().min(0).max(100).default(0.2).describe('Commission in basis points of the traded value (IB IDEALPRO: 0.2)'),
      minimum: z.number().min(0).default(2).describe('Minimum commission per order (IB: 2)'),
    })
    .strict();

  const dividendWithholdingPct = z
    .number()
    .min(0)
    .max(100)
    .default(0)
    .describe('Tax the paper broker withholds from the dividends of the data folder\'s actions files, in % of the gross; the ledger books it as a fee');

  const paperBroker = z
    .object({
      kind: z.literal('paper'),
      initialCash: z.record(currency, z.number().min(0)).describe('Starting cash per currency of the paper account'),
      spreadBps: z.number().min(0).max(1000).default(2).describe('Bid-ask spread around the bar price, in basis points'),
      maxVolumeShare: z.number().gt(0).max(1).default(0.1).describe('A fill takes at most this share of a bar’s volume'),
      commission: commission.default({ perShare: 0.005, minimum: 1, maximumPctOfValue: 1 }),
      fxCommission: fxCommission.prefault({}).describe('Commission of an FX conversion (a CASH pair), in the pair\'s quote currency'),
      dividendWithholdingPct,
    })
    .strict();

  const ibBroker = z
    .object({
      kind: z.literal('ib'),
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(1).max(65535).describe('4002 = IB Gateway paper, 4001 = IB Gateway live, 7497/7496 = TWS'),
      clientId: z.number().int().min(0).describe('A fixed client id: orders belong to the client id that sent them'),
      account: z.string().min(1).describe('The IB account id, e.g. DU1234567'),
      cancelScope: z.enum(['own', 'all']).default('own').describe('Which open orders a run cancels: "own" = only autofolio\'s (tagged), "all" = every open order of the account, as the seed did'),
      adaptivePriority: z.enum(['Patient', 'Normal', 'Urgent']).default('Normal').describe('Priority of IB\'s Adaptive algo inside the limit price'),
      marketData: z.enum(['live', 'delayed-fallback']).default('delayed-fallback').describe('"live": quotes need a market data subscription; "delayed-fallback": use IB\'s delayed data where there is none'),
      maxMessagesPerSecond: z.number().int().min(1).max(49).default(45).describe('Messages per second to IB Gateway, all kinds together (IB disconnects above 50)'),
      marketDataLines: z.number().int().min(1).max(10_000).default(100).describe("The account's simultaneous market data lines (100 without booster packs): at most this many quote requests are open at once"),
      contractCacheDays: z.number().min(0).max(365).default(7).describe("Days a contract's IB details (conId, tick) are kept in the account's database before IB is asked again; 0 asks every run"),
      connectTimeoutSeconds: z.number().gt(0).max(300).default(15).describe('How long to wait for IB Gateway to accept the connection'),
      requestTimeoutSeconds: z.number().gt(0).max(600).default(30).describe('How long to wait for one answer from IB Gateway'),
      heartbeatSeconds: z.number().gt(0).max(600).default(20).describe('After this long without a message, ask the time; no answer in as long again = the connection is half-open'),
      gatewayTimeZone: z.string().default('America/New_York').describe('Time zone IB Gateway reports execution times in when it does not name one'),
      gatewayRestart: z
        .object({
          at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour').describe('When IB Gateway restarts each day (its "Auto restart" setting)'),
          timeZone: z.string().default('America/New_York'),
          minutes: z.number().int().min(1).max(120).default(15).describe('How long the restart takes, with a margin'),
          during: z.enum(['wait', 'skip']).default('wait').describe('A run that starts in the window waits for its end, or is skipped (one alert per window)'),
        })
        .strict()
        .optional()
        .describe('The daily IB Gateway restart window'),
      weeklyLogin: z
        .object({
          day: z.enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']).describe('The day IB Gateway (IBC) logs in again with two-factor authentication'),
          at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour').describe('When the weekly login starts (IBC restarts the gateway and waits for the second factor)'),
          timeZone: z.string().default('America/New_York'),
          minutes: z.number().int().min(1).max(24 * 60).default(120).describe('How long the owner may take to accept the login on the phone: runs in the window wait for the gateway instead of failing'),
          remindHoursBefore: z.number().min(0).max(7 * 24).default(12).describe('E-mail the owner this long before the window that a login is due (0: no reminder)'),
        })
        .strict()
        .optional()
        .describe("The weekly full re-login of IB Gateway, which needs the owner's second factor"),
      unreachableGraceMinutes: z.number().min(0).max(24 * 60).default(20).describe('A run that finds IB Gateway unreachable waits this long for it (counted from the first failure, across runs) before it fails and alerts; the alert is then repeated as a reminder (notify.reminderMinutes) while the gateway stays away'),
      reconnectPollSeconds: z.number().min(0.1).max(600).default(30).describe('While a run waits for IB Gateway (the weekly login, the grace period), it tries to connect this often'),
    })
    .strict();

  // Alpaca's keys are read from the environment only; their variable names must look like
  // credentials (KEY or SECRET), so that the log and e-mail redaction, which recognises secrets by
  // the names of the variables that hold them, blanks them out wherever they might appear.
  const credentialEnvName = z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name in capitals, e.g. ALPACA_KEY_ID')
    .regex(/KEY|SECRET/, 'the variable name must contain KEY or SECRET, so that logs and e-mails redact its value (e.g. ALPACA_KEY_ID)');

  const alpacaBroker = z
    .object({
      kind: z.literal('alpaca'),
      paper: z.boolean().describe('true: Alpaca\'s paper trading account (paper-api.alpaca.markets); false: the live account (api.alpaca.markets). Required: it decides whether real money moves'),
      keyIdEnv: credentialEnvName.describe('Environment variable holding the API key id (header APCA-API-KEY-ID)'),
      secretKeyEnv: credentialEnvName.describe('Environment variable holding the API secret key (header APCA-API-SECRET-KEY)'),
      baseUrl: z.url({ protocol: /^https?$/ }).optional().describe('Trading API address instead of Alpaca\'s (a proxy, or a local stand-in); default from `paper`'),
      dataUrl: z.url({ protocol: /^https?$/ }).optional().describe('Market data API address instead of https://data.alpaca.markets'),
      feed: z.enum(['iex', 'sip']).default('iex').describe('Quote feed: "iex" (free accounts) or "sip" (all US exchanges, needs a paid data subscription)'),
      maxRequestsPerMinute: z.number().int().min(1).max(10_000).default(200).describe('Requests per minute to Alpaca\'s trading API, all kinds together (Alpaca allows 200 per account); the adapter also follows the X-RateLimit headers and waits out a 429'),
      requestTimeoutSeconds: z.number().gt(0).max(600).default(30).describe('How long to wait for one answer from Alpaca'),
    })
    .strict();

  const volTarget = z
    .object({
      target: z.number().gt(0).max(2).describe('Annualised volatility to aim for, e.g. 0.10'),
      lookbackDays: z.number().int().min(5).max(1000).default(20),
      maxLeverage: z.number().gt(0).max(10).describe('Leverage never exceeds this'),
    })
    .strict();

  const spreadTarget = z
    .object({
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, '1 to 40 letters, digits, ".", "-" or "_"').describe('Names the spread in its orders\' tags and in the books'),
      kind: z.enum(['straddle', 'strangle', 'call-vertical', 'put-vertical']),
      underlying: z.string().min(1).describe('A configured stock or ETF'),
      expiry: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'), z.object({ minDays: z.number().int().min(0).max(1000) }).strict()]).describe('A listed expiry date, or { minDays: N }: the nearest expiry at least N days away'),
      strike: z.union([z.literal('atm'), z.number().positive()]).default('atm').describe('The centre (or bought) strike: a price, or "atm" for the one nearest the underlying\'s price'),
      width: z
        .union([z.number().int().min(1), z.object({ delta: z.number().gt(0).lt(1).describe('The |delta| of the call and the put to pick, e.g. 0.25') }).strict()])
        .optional()
        .describe('Strangle: strike steps from the centre to each leg, or { delta: 0.25 } for the call and put whose |delta| is nearest it; vertical: strike steps to the sold leg'),
      strikes: z.tuple([z.number().positive(), z.number().positive()]).optional().describe('Vertical: [bought strike, sold strike]'),
      quantity: z.number().int().min(0).describe('Spreads to hold; 0 closes it'),
    })
    .strict();

  const BROKER_KINDS = [paperBroker, ibBroker, alpacaBroker] as const;

  const STRATEGY_KINDS = [
    z
      .object({
        kind: z.literal('fixed'),
        weights: z.record(z.string(), z.number()).describe('Target weight per symbol, as fractions of NLV'),
        leverage: z.number().gt(0).max(10).default(1),
        volTarget: volTarget.optional(),
        spreads: z.array(spreadTarget).optional().describe('Option spreads to hold besides the weights (needs an options section and a .json forecast file)'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('inverse-vol'),
        lookbackDays: z.number().int().min(5).max(1000).default(60).describe('Days of daily closes for the volatility estimate'),
        grossExposure: z.number().gt(0).max(1).default(1).describe('Sum of the weights'),
        leverage: z.number().gt(0).max(10).default(1),
        volTarget: volTarget.optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('external'),
        description: z.string().optional().describe('What writes the forecast file'),
      })
      .strict(),
  ] as const;
  const strategy = z.discriminatedUnion('kind', STRATEGY_KINDS);

  function keysByKind(kinds: readonly z.ZodObject<{ kind: z.ZodLiteral<string> }>[]): ReadonlyMap<string, readonly string[]> {
    return new Map(kinds.map((kind) => [String(kind.shape.kind.value), Object.keys(kind.shape).filter((key) => key !== 'kind')]));
  }

  /**
   * The keys of each kind of the sections chosen by their `kind`, so that a key the chosen kind
   * does not know can be named as another kind's (lookbackDays under kind: external) rather than
   * as a misspelling.
   */
  const KEYS_BY_KIND: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>> = new Map([
    ['strategy', keysByKind(STRATEGY_KINDS)],
    ['broker', keysByKind(BROKER_KINDS)],
  ]);

  const forecast = z
    .object({
      file: z.string().default('forecast.csv').describe('The forecast file, relative to stateDir; .csv or .json'),
      maxAgeMinutes: z.number().gt(0).default(120).describe('A forecast older than this is stale: no orders'),
    })
    .strict();

  // A name a command line or another key can give: not "ib", which names IB's historical bars.
  const sourceName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case letters, digits and "-", at most 32, e.g. yahoo').refine((name) => name !== 'ib' && name !== 'refresh', 'the names "ib" (IB\'s historical bars) and "refresh" are taken: choose another');

  const yahooChartSource = z
    .object({
      kind: z.literal('yahoo-chart'),
      baseUrl: z.url({ protocol: /^https?$/ }).default('https://query1.finance.yahoo.com').describe('Address of a Yahoo-style chart API (GET {baseUrl}/v8/finance/chart/{symbol}); another host serving the same layout, or a local stand-in'),
      symbols: z.record(z.string(), z.string().min(1)).default({}).describe('The source\'s symbol where it differs from the instrument\'s, e.g. { USDCAD: "CAD=X", XIU: "XIU.TO" }'),
      timeoutSeconds: z.number().gt(0).max(300).default(30).describe('How long to wait for one answer'),
    })
    .strict();

  const csvFolderSource = z
    .object({
      kind: z.literal('csv-folder'),
      dir: z.string().min(1).describe('A folder of <SYMBOL>.csv files (another vendor\'s export), relative to the config file'),
    })
    .strict();

  const dataSource = z.discriminatedUnion('kind', [yahooChartSource, csvFolderSource]);

  const refresh = z
    .object({
      source: z.string().min(1).describe('The source a run refreshes the data folder from: "ib" or a name under dataSources'),
      beforeRun: z.boolean().default(true).describe('Fetch new bars before each run (`autofolio run`, the daemon, cron); a failed refresh alerts, and the run goes on with the data it has if the stale-history check lets it'),
    })
    .strict();

  const dataSources = z
    .object({ refresh: refresh.optional().describe('Refreshing the data folder before each run') })
    .catchall(dataSource)
    .superRefine((sources, ctx) => {
      for (const name of Object.keys(sources)) {
        if (name === 'refresh') continue;
        const checked = sourceName.safeParse(name);
        if (!checked.success) ctx.addIssue({ code: 'custom', path: [name], message: `source name "${name}": ${checked.error.issues[0]?.message ?? 'invalid'}` });
      }
    });

  const crossCheck = z
    .object({
      source: z.string().min(1).describe('A second source ("ib" or a name under dataSources) whose daily closes the data\'s closes are compared with before each run'),
      tolerancePct: z.number().gt(0).max(50).default(1).describe('Closes further apart than this, in percent, block the instrument\'s run and alert, naming both values and both sources'),
    })
    .strict();

  const dataChecks = z
    .object({
      maxAgeSessions: z.number().int().min(1).max(260).default(2).describe('The newest bar of each instrument a strategy reads must be from one of this many last completed sessions of its exchange (2: data updated after each close still passes in a run just after the next close)'),
      splitMinMovePct: z.number().gt(0).max(95).default(25).describe('A jump between two bars smaller than this, in percent, is never taken for an unadjusted split'),
      splitTolerancePct: z.number().gt(0).max(20).default(5).describe('A jump within this many percent of a split ratio (2:1, 3:2, 1:10, …) is flagged as a probable unadjusted split'),
      sessionGaps: z.boolean().default(true).describe('A completed session of the instrument\'s exchange with no bar, among the days a strategy reads, is an error (a run on the data\'s own calendar, a backtest, does not check it)'),
      crossCheck: crossCheck.optional().describe('Compare the data\'s daily closes with a second source\'s'),
    })
    .strict();

  const planning = z
    .object({
      limitOffsetBps: z.number().min(0).max(500).default(10).describe('Limit price = reference ± this many basis points (buys above, sells below)'),
      noTradeBandPct: z.number().min(0).max(50).default(0.5).describe('Skip a trade smaller than this % of NLV'),
      minOrderValue: z.number().min(0).default(100).describe('Skip orders worth less than this, in the base currency'),
      cashBufferPct: z.number().min(0).max(50).default(0.5).describe('Keep this % of NLV in cash: buys never spend it'),
      fitBuysToCash: z.boolean().default(true).describe('Scale every buy down by one factor when the buys would cost more than the cash, the sells\' proceeds and what leverage above 1 borrows (less the buffer); false sizes each buy alone, as backtrader does, and leaves the broker to refuse what the account cannot pay'),
      sizing: z
        .enum(['target-quantity', 'value-difference'])
        .default('target-quantity')
        .describe('"target-quantity": trade the difference between the held and the target quantity (target value / price, to the nearest lot); "value-difference": trade whole lots of |target value − held value| / price, rounded down, as backtrader\'s order_target_value does'),
    })
    .strict();

  const risk = z
    .object({
      maxGrossLeverage: z.number().gt(0).max(10).describe('Gross exposure / NLV after the plan may not exceed this'),
      maxWeight: z.number().gt(0).max(10).describe('Largest |position value| / NLV for one instrument after the plan'),
      maxOrderValuePct: z.number().gt(0).max(1000).describe('Largest single order value as % of NLV'),
      maxOrders: z.number().int().min(0).max(10000).describe('Most orders one run may send'),
      priceBandBps: z.number().gt(0).max(5000).default(200).describe('A limit price further than this from the reference is refused'),
      maxQuoteAgeMinutes: z.number().gt(0).default(90).describe('A quote older than this is stale'),
      dailyLossLimitPct: z.number().gt(0).max(100).describe('Stop trading for the day once NLV falls this % below the start-of-day NLV'),
      allowShort: z.boolean().default(false).describe('Allow negative weights'),
      closedMarket: z
        .enum(['hold-orders', 'block-run'])
        .default('hold-orders')
        .describe('When an instrument\'s market is closed at run time: "hold-orders" leaves its trade for a later run and trades the rest (buys are fitted to the cash the held sells would have raised); "block-run" sends nothing at all'),
      maxFxTradePct: z.number().gt(0).max(1000).default(100).describe('Largest single FX conversion (fxHedge) as % of NLV, valued in the base currency'),
      maxFxPerRunPct: z.number().gt(0).max(2000).default(200).describe('Most FX converted by one run, all pairs together, as % of NLV'),
    })
    .strict();

  const fxHedge = z
    .object({
      ratios: z.record(currency, z.number().min(0).max(1)).default({}).describe('Share of the foreign assets\' value to hedge, per currency, 0 to 1. Target net exposure = (1 − ratio) × the value of the assets quoted in it. A currency not listed has ratio 0: its buys are funded by converting base currency first, never by borrowing it'),
      bandPct: z.number().min(0).max(50).default(1).describe('No FX trade while a currency\'s net exposure is within this % of NLV of its target'),
      belowMinimum: z
        .enum(['odd-lot', 'skip'])
        .default('odd-lot')
        .describe('An FX trade worth less than minimumValue (IDEALPRO\'s minimum, about USD 25,000): "odd-lot" sends it anyway (IB fills odd lots at wider prices), "skip" leaves it out and says so'),
      minimumValue: z.number().min(0).default(25_000).describe('IDEALPRO\'s minimum order value, in the base currency'),
    })
    .strict();

  const optionModel = z
    .object({
      volatility: z.number().gt(0).max(5).default(0.2).describe('Annualised volatility the paper broker prices options with (Black–Scholes over the underlying\'s bars)'),
      riskFreeRate: z.number().min(-0.05).max(0.5).default(0).describe('Continuously compounded rate of the paper broker\'s option model'),
      spreadPct: z.number().min(0).max(50).default(2).describe('Bid-ask spread of a paper option quote, in % of the model price (at least one tick each side)'),
      strikeStepPct: z.number().gt(0).max(20).default(1).describe('Distance between the strikes the paper broker lists, in % of the underlying\'s price (rounded to a whole 0.5, 1, 2.5, 5 or 10)'),
    })
    .strict();

  const options = z
    .object({
      maxPremiumPerSpread: z.number().gt(0).describe('Largest premium one combination order may pay or take, in the base currency (net limit × quantity × multiplier)'),
      maxPremiumPct: z.number().gt(0).max(100).describe('Premium of all spreads held after the plan (each valued at its net price), at most this % of NLV'),
      maxSpreadNotionalPct: z.number().gt(0).max(10_000).default(100).describe('Notional a spread may control after an order that adds to it: Σ over its legs of |underlying price × multiplier × ratio × spreads|, at most this % of NLV'),
      maxNetDeltaPct: z.number().gt(0).max(1000).default(25).describe('Net delta of all spreads held after the plan, |Σ leg delta × multiplier × ratio × spreads × underlying price|, at most this % of NLV (a plan that lowers it passes)'),
      limitOffsetShare: z.number().min(0).max(1).default(1).describe('Net limit of a combination order = net mid ± this share of the way to the net far touch (1: the far touch, 0: the mid)'),
      model: optionModel.prefault({}).describe('The paper broker\'s option quotes'),
    })
    .strict();

  const reprice = z
    .object({
      enabled: z.boolean().default(false).describe('Re-price the orders of a run while it waits for them: sells first, then buys sized to the cash the sells actually freed'),
      waitSeconds: z.number().gt(0).max(600).default(60).describe('How long each limit is left to work before the next step'),
      steps: z.number().int().min(1).max(50).default(3).describe('How many steps the ladder takes before the deadline (the deadline is steps × waitSeconds after sending)'),
      stepPct: z.number().gt(0).max(100).default(50).describe('Each step moves the limit this % of the way to the far touch (the ask for a buy, the bid for a sell)'),
      maxPriceBps: z.number().gt(0).max(5000).default(100).describe('The last price allowed, in bps from the decision price; never wider than risk.priceBandBps'),
      atDeadline: z.enum(['leave', 'cancel', 'touch']).default('leave').describe('What an unfilled order does at the deadline: "leave" it working (the next run amends or cancels it), "cancel" it, or go to the far "touch" (within maxPriceBps)'),
    })
    .strict();

  const execution = z
    .object({
      reprice: reprice.prefault({}).describe('The execution policy within one run: how long to wait, how far to step toward the far touch, the last price allowed, and what to do at the deadline'),
      sellWaitSeconds: z.number().min(0).max(600).default(30).describe('How long to wait for sells to fill before sending buys'),
      fillWaitSeconds: z.number().min(0).max(600).default(10).describe('How long to wait for fills after sending, before recording them'),
      cancelWaitSeconds: z.number().gt(0).max(600).default(10).describe('How long to wait for the broker to confirm the cancel of an earlier open order; without the confirmation the run plans no new orders'),
      brokerTimeoutSeconds: z.number().gt(0).max(600).default(60).describe('A broker call that has not answered after this long fails the step'),
      lockWaitSeconds: z.number().min(0).max(3600).default(120).describe('A run that finds the account locked by a dry run, `reconcile` or `cashflow` (they send nothing and end soon) waits this long for them; a lock held by a trading run is never waited for'),
    })
    .strict();

  const smtp = z
    .object({
      host: z.string().min(1).describe('SMTP server, e.g. smtp.gmail.com'),
      port: z.number().int().min(1).max(65535).default(587).describe('587 with STARTTLS (secure: false) or 465 with TLS from the start (secure: true)'),
      secure: z.boolean().default(false).describe('true: TLS from the first byte (port 465); false: plain, upgraded by STARTTLS'),
      requireTls: z.boolean().default(true).describe('Refuse to send unless the connection is encrypted; false only for a relay without TLS on this machine'),
      user: z.string().min(1).optional().describe('Login name; the password comes only from the environment variable AUTOFOLIO_SMTP_PASSWORD'),
      from: z.string().min(3).optional().describe('Sender address; defaults to notify.from (Gmail: your own address)'),
      to: z.string().min(3).optional().describe('Recipients, comma-separated; defaults to notify.to'),
      caFile: z.string().min(1).optional().describe('PEM file of certificates to trust besides the system ones (a relay with its own CA), relative to the config file'),
      timeoutSeconds: z.number().min(1).max(120).default(10).describe('Limit for connecting, the greeting and each exchange with the server'),
    })
    .strict();

  const webhook = z
    .object({
      kind: z.enum(['slack', 'discord', 'telegram']).describe('slack or discord: an incoming-webhook URL; telegram: a sendMessage URL (Telegram Bot API or compatible)'),
      name: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lower-case letters, digits and "-", at most 32').optional().describe('Tells apart two webhooks of one kind'),
      urlEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name in capitals, e.g. AUTOFOLIO_SLACK_URL').describe('Environment variable that holds the URL: it contains a token, so it never goes in this file'),
      chatId: z.union([z.string().min(1), z.number().int()]).optional().describe('telegram: the chat to post to'),
      kinds: z.array(z.enum(['alert', 'digest', 'test'])).min(1).default(['alert', 'digest', 'test']).describe('Which messages go to this webhook'),
    })
    .strict();

  const retry = z
    .object({
      firstSeconds: z.number().min(1).max(3600).default(60).describe('Wait before the first retry of a failed delivery; each further retry waits twice as long'),
      maxMinutes: z.number().min(1).max(1440).default(30).describe('Longest wait between retries; keep it below the trigger interval so the next run retries'),
      giveUpHours: z.number().min(1).max(24 * 90).default(168).describe('A message still undelivered after this long is given up'),
    })
    .strict();

  const notify = z
    .object({
      from: z.string().default('autofolio@localhost'),
      to: z.string().min(3).describe('Who receives alerts and digests'),
      outbox: z.string().default('outbox').describe('Folder of .eml files, relative to stateDir, used while no SMTP server is configured'),
      email: smtp.optional().describe('An SMTP server; without it messages go to the outbox folder'),
      webhooks: z.array(webhook).max(10).default([]).describe('Chat channels next to e-mail'),
      reminderMinutes: z.number().int().min(10).max(7 * 24 * 60).default(360).describe('An alert that repeats is sent once, then as a reminder at most this often while it lasts'),
      retry: retry.default({ firstSeconds: 60, maxMinutes: 30, giveUpHours: 168 }),
      sendBudgetSeconds: z.number().min(1).max(600).default(30).describe('Most time one run spends delivering; what is left stays queued for the next run'),
      chartDays: z.number().int().min(1).max(366).default(30).describe('Days of snapshots in the digest’s equity curve'),
    })
    .strict();

  // Checked here for shape only (5 or 6 fields); schedule/ parses each with croner when a command
  // that uses the schedule starts, and names the field if croner refuses it.
  const cronExpression = z.string().trim().regex(/^\S+(\s+\S+){4,5}$/, 'a cron expression of 5 fields (minute hour day month weekday), or 6 with seconds first');

  const schedule = z
    .object({
      exchange: z.string().min(2).optional().describe('MIC whose sessions and time zone the schedule follows; default: the exchange of the first traded instrument'),
      trade: z
        .array(cronExpression)
        .min(1)
        .optional()
        .describe('Cron expressions in the exchange time zone for trading runs; a time fires only inside a session, from afterOpenMinutes after the open to beforeCloseMinutes before the close. Default: every hour at afterOpenMinutes past the open minute ("35 * * * *" on XNYS)'),
      afterOpenMinutes: z.number().int().min(0).max(720).default(5).describe('No trading run earlier than this after the open'),
      beforeCloseMinutes: z.number().int().min(0).max(720).default(10).describe('No trading run later than this before the close (early closes included)'),
      endOfDay: cronExpression.default('30 17 * * *').describe('The after-close run that collects the day\'s late fills and commits the day, exchange time: the first matching time after each session close (before the next open). Keep it before IB Gateway\'s daily restart, which forgets the day\'s executions'),
      heartbeatUrlEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').default('AUTOFOLIO_HEARTBEAT_URL').describe('Environment variable holding a healthchecks.io-style URL pinged after each scheduled run (URL/fail when the run failed); unset: no ping'),
      watchdogGraceMinutes: z.number().int().min(1).max(1440).default(20).describe('`autofolio watchdog` alerts when no run has succeeded since the last trigger older than this'),
    })
    .strict();

  const backtest = z
    .object({
      conventions: z
        .enum(['autofolio', 'backtrader'])
        .default('autofolio')
        .describe('"backtrader": the preset of backtrader\'s conventions, for comparing with it: schedule bars, fillModel next-open-market, and planning with value-difference sizing, no limit offset, no-trade band, minimum order value or cash buffer, and buys not fitted to the cash'),
      schedule: z
        .enum(['sessions', 'bars'])
        .optional()
        .describe('"sessions": rebalance at the exchange calendar\'s sessions (every:N counts sessions), mark equity at each session close; "bars": the data is the calendar (crypto, synthetic data, other venues): every:N counts bars, decisions and marks at each bar\'s close, orders fill on any bar. Default: bars with conventions backtrader, else sessions'),
      fillModel: z.enum(['paper-limit', 'next-open-market']).optional().describe('"paper-limit": the paper broker\'s limit orders, exactly as in paper trading; "next-open-market": each order fills as a market order at the open of the next bar that trades (fills at the open ± half the spread). Default: next-open-market with conventions backtrader, else paper-limit'),
      commission: z
        .discriminatedUnion('model', [
          z.object({ model: z.literal('per-share') }).strict().describe('IB-like: broker.commission (per share, minimum, maximum % of value)'),
          z.object({ model: z.literal('fraction'), rate: z.number().min(0).max(0.1).describe('Commission as a fraction of traded value, e.g. 0.0005') }).strict(),
        ])
        .default({ model: 'per-share' }),
      initialCash: z.record(currency, z.number().min(0)).optional().describe('Starting cash of a backtest; default broker.initialCash of a paper broker (required with an IB broker)'),
      prices: z
        .enum(['total-return', 'raw'])
        .default('total-return')
        .describe('"total-return": the strategy reads history back-adjusted for the splits and dividends of the actions files (<SYMBOL>.actions.csv), while the broker trades raw prices and books the actions on their ex-dates; "raw": the strategy reads the raw bars too'),
    })
    .strict();

  const ledger = z
    .object({
      cashTolerance: z.number().min(0).max(1_000_000).default(0.01).describe('Largest cash difference per currency, in that currency, that reconciliation accepts; beyond it the run sends nothing and alerts'),
      quantityTolerance: z.number().min(0).default(0).describe('Largest position quantity difference that reconciliation accepts'),
    })
    .strict();

  const analytics = z
    .object({
      riskFreeRate: z.number().min(-0.1).max(1).default(0).describe('Annual risk-free rate for Sharpe and Sortino, as a fraction (0.04 = 4 %)'),
      benchmark: z.string().optional().describe('Symbol whose daily closes (from dataDir/<symbol>.csv) are the report\'s benchmark, e.g. SPY'),
    })
    .strict();

  const store = z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('sqlite') }).strict(),
      z
        .object({
          kind: z.literal('postgres'),
          urlEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name in capitals, e.g. AUTOFOLIO_PG_URL').default('AUTOFOLIO_PG_URL').describe('Environment variable holding the PostgreSQL URL (postgres://user:password@host:5432/database): it holds a password, so it never goes in this file'),
          schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a PostgreSQL schema name: lower-case letters, digits and _, at most 63, not starting with a digit').optional().describe('The account\'s schema in the database; default autofolio_ and the account id in lower case'),
          // Accepted here only to be refused with the reason (see the check below), not as "unknown key".
          url: z.unknown().optional(),
        })
        .strict(),
    ])
    .default({ kind: 'sqlite' })
    .describe('Where the account\'s journal is kept: "sqlite" (a file in stateDir, the default) or "postgres" (a schema of its own on a PostgreSQL server that many accounts share)');

  const configSchema = z
    .object({
      account: z
        .object({
          id: z.string().min(1).describe('Account id; for IB the same as broker.account'),
          baseCurrency: currency.default('USD'),
        })
        .strict(),
      clock: z.enum(['wall', 'data']).default('wall').describe('"data": now is the time of the newest bar (paper trading on files); "wall": the real time'),
      marketData: z.enum(['files', 'broker']).default('files').describe('Where strategies read history: "files" (CSV in dataDir) or "broker" (IB historical bars, cached in the database and paced by IB\'s rules)'),
      dataDir: z.string().default('data').describe('Folder of market data CSV files, relative to the config file'),
      store,
      stateDir: z.string().default('state').describe('Folder for order files, journals, snapshots, database and outbox, relative to the config file'),
      broker: z.discriminatedUnion('kind', BROKER_KINDS),
      instruments: z.array(instrument).min(1),
      strategy,
      forecast: forecast.default({ file: 'forecast.csv', maxAgeMinutes: 120 }),
      dataSources: dataSources.prefault({}).describe('Named sources of market data for `autofolio data fetch`, the refresh before each run and the cross-check, e.g. yahoo: { kind: yahoo-chart }'),
      dataChecks: dataChecks.prefault({}).describe('Checks of the market history before a strategy reads it: staleness against the clock, jumps an unadjusted split would explain'),
      planning: planning.default({ limitOffsetBps: 10, noTradeBandPct: 0.5, minOrderValue: 100, cashBufferPct: 0.5, fitBuysToCash: true, sizing: 'target-quantity' }),
      risk,
      options: options.optional().describe('Option spreads (straddles, strangles, verticals) on the configured stocks and ETFs, named in a JSON forecast\'s "spreads"; without this section a forecast with spreads is refused'),
      fxHedge: fxHedge.prefault({}).describe('Hedging of foreign-currency exposure: FX trades on the CASH pairs so that each currency\'s net exposure stays near its target'),
      execution: execution.prefault({}),
      backtest: backtest.default({ conventions: 'autofolio', commission: { model: 'per-share' }, prices: 'total-return' }),
      notify: notify.optional().describe('Where alerts and digests go; required to run an account, not for backtests'),
      schedule: schedule.default({ afterOpenMinutes: 5, beforeCloseMinutes: 10, endOfDay: '30 17 * * *', heartbeatUrlEnv: 'AUTOFOLIO_HEARTBEAT_URL', watchdogGraceMinutes: 20 }),
      ledger: ledger.default({ cashTolerance: 0.01, quantityTolerance: 0 }),
      analytics: analytics.default({ riskFreeRate: 0 }),
    })
    .strict()
    .superRefine((config, ctx) => {
      const symbols = new Set<string>();
      config.instruments.forEach((instrument, index) => {
        if (symbols.has(instrument.symbol)) {
          ctx.addIssue({ code: 'custom', path: ['instruments', index, 'symbol'], message: `duplicate symbol ${instrument.symbol}: list each instrument once` });
        }
        symbols.add(instrument.symbol);
        if (instrument.secType === 'CASH' && !/^[A-Z]{6}$/.test(instrument.symbol)) {
          ctx.addIssue({ code: 'custom', path: ['instruments', index, 'symbol'], message: 'a CASH pair is named base+quote, e.g. USDCAD' });
        }
        if (instrument.secType === 'CASH' && instrument.symbol.slice(3) !== instrument.currency) {
          ctx.addIssue({ code: 'custom', path: ['instruments', index, 'currency'], message: `a CASH pair ${instrument.symbol} is quoted in ${instrument.symbol.slice(3)}` });
        }
      });
      if (config.strategy.kind === 'fixed') {
        for (const symbol of Object.keys(config.strategy.weights)) {
          if (!symbols.has(symbol)) {
            ctx.addIssue({ code: 'custom', path: ['strategy', 'weights', symbol], message: `unknown symbol ${symbol}: add it under instruments or remove the weight` });
          }
        }
      }
      const vt = config.strategy.kind === 'external' ? undefined : config.strategy.volTarget;
      if (vt && vt.maxLeverage > config.risk.maxGrossLeverage) {
        ctx.addIssue({ code: 'custom', path: ['strategy', 'volTarget', 'maxLeverage'], message: `exceeds risk.maxGrossLeverage (${config.risk.maxGrossLeverage}): lower it or raise the risk cap` });
      }
      if (config.risk.priceBandBps <= config.planning.limitOffsetBps) {
        ctx.addIssue({ code: 'custom', path: ['risk', 'priceBandBps'], message: `must be wider than planning.limitOffsetBps (${config.planning.limitOffsetBps}), or every limit order is refused: raise it or lower the offset` });
      }
      if (config.execution.reprice.maxPriceBps > config.risk.priceBandBps) {
        ctx.addIssue({ code: 'custom', path: ['execution', 'reprice', 'maxPriceBps'], message: `is wider than risk.priceBandBps (${config.risk.priceBandBps}): a re-priced limit would leave the band the risk gate allows; lower it or widen the band` });
      }
      if (config.store.kind === 'postgres' && config.store.url !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['store', 'url'], message: `the URL holds the database password, so it never goes in the config file: remove it and set ${config.store.urlEnv} in the environment (store.urlEnv names the variable)` });
      }
      if (config.notify) checkNotify(config.notify, ctx);
      if (config.strategy.kind === 'fixed' && (config.strategy.spreads?.length ?? 0) > 0) {
        if (!config.options) ctx.addIssue({ code: 'custom', path: ['strategy', 'spreads'], message: 'spreads need an options section (options.maxPremiumPerSpread, options.maxPremiumPct)' });
        if (!config.forecast.file.endsWith('.json')) ctx.addIssue({ code: 'custom', path: ['forecast', 'file'], message: 'spreads travel in a JSON forecast only: name the file forecast.json' });
        config.strategy.spreads!.forEach((spread, index) => {
          if (typeof spread.width === 'object' && spread.kind !== 'strangle') ctx.addIssue({ code: 'custom', path: ['strategy', 'spreads', index, 'width'], message: 'only a strangle takes its width as a delta; give a vertical a whole number of strike steps or `strikes`' });
        });
      }
      if (config.marketData === 'broker' && config.broker.kind !== 'ib') {
        ctx.addIssue({ code: 'custom', path: ['marketData'], message: 'only an IB broker serves historical bars: use marketData: files with the paper broker' });
      }
      if (config.broker.kind === 'alpaca') checkAlpaca(config, ctx);
      checkSourceNames(config, ctx);
      if (config.broker.kind === 'ib' && config.broker.account !== config.account.id) {
        ctx.addIssue({ code: 'custom', path: ['account', 'id'], message: `must equal broker.account (${config.broker.account})` });
      }
      for (const c of Object.keys(config.fxHedge.ratios)) {
        const pair = config.instruments.some((i) => i.secType === 'CASH' && (i.symbol === `${config.account.baseCurrency}${c}` || i.symbol === `${c}${config.account.baseCurrency}`));
        if (c === config.account.baseCurrency) ctx.addIssue({ code: 'custom', path: ['fxHedge', 'ratios', c], message: `${c} is the base currency, which is never hedged: remove it` });
        else if (!pair) ctx.addIssue({ code: 'custom', path: ['fxHedge', 'ratios', c], message: `hedging ${c} needs an FX pair to trade: add a CASH instrument ${config.account.baseCurrency}${c}` });
      }
      const currencies = new Set(config.instruments.filter((i) => i.secType === 'STK').map((i) => i.currency));
      for (const c of currencies) {
        if (c === config.account.baseCurrency) continue;
        const pair = config.instruments.some((i) => i.secType === 'CASH' && (i.symbol === `${config.account.baseCurrency}${c}` || i.symbol === `${c}${config.account.baseCurrency}`));
        if (!pair) ctx.addIssue({ code: 'custom', path: ['instruments'], message: `instruments in ${c} need an FX pair to convert into ${config.account.baseCurrency}: add a CASH instrument ${config.account.baseCurrency}${c}` });
      }
    });

  /**
   * What Alpaca cannot do, refused before a run finds out at the broker: Alpaca accounts hold US
   * dollars and trade US stocks and ETFs only. It has no FX pairs (so no currency conversion and no
   * FX hedge) and no multi-leg option orders for the accounts autofolio trades.
   */
  function checkAlpaca(config: { account: { baseCurrency: string }; instruments: readonly z.output<typeof instrument>[]; options?: unknown; fxHedge: { ratios: Record<string, number> } }, ctx: z.RefinementCtx): void {
    for (const currency of Object.keys(config.fxHedge.ratios)) {
      ctx.addIssue({ code: 'custom', path: ['fxHedge', 'ratios', currency], message: `Alpaca trades no FX pairs, so there is no FX hedge with broker.kind: alpaca: remove fxHedge.ratios.${currency}` });
    }
    if (config.options !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'option spreads are sent as combination orders, which autofolio trades only through Interactive Brokers: remove the options section or use broker.kind: ib (or paper)' });
    }
    if (config.account.baseCurrency !== 'USD') {
      ctx.addIssue({ code: 'custom', path: ['account', 'baseCurrency'], message: `must be USD with broker.kind: alpaca: Alpaca accounts are kept in US dollars (got ${config.account.baseCurrency})` });
    }
    config.instruments.forEach((instrument, index) => {
      if (instrument.secType === 'CASH') {
        ctx.addIssue({ code: 'custom', path: ['instruments', index, 'secType'], message: `${instrument.symbol}: Alpaca does not trade FX pairs, so there is no currency conversion or FX hedge with broker.kind: alpaca: remove the instrument` });
      } else if (instrument.currency !== 'USD') {
        ctx.addIssue({ code: 'custom', path: ['instruments', index, 'currency'], message: `${instrument.symbol}: Alpaca trades only US-listed instruments in USD (got ${instrument.currency}): remove it or use broker.kind: ib` });
      }
      if (instrument.multiplier !== 1) {
        ctx.addIssue({ code: 'custom', path: ['instruments', index, 'multiplier'], message: `${instrument.symbol}: Alpaca trades stocks and ETFs, whose multiplier is 1; option spreads and futures are not traded through Alpaca by autofolio` });
      }
    });
  }

  /** A source named by the refresh or the cross-check must exist: "ib" with an IB broker, or a key of dataSources. */
  function checkSourceNames(config: { broker: { kind: string }; dataSources: { refresh?: { source: string } | undefined } & Record<string, unknown>; dataChecks: { crossCheck?: { source: string } | undefined } }, ctx: z.RefinementCtx): void {
    const known = Object.keys(config.dataSources).filter((name) => name !== 'refresh');
    const check = (name: string, path: (string | number)[]) => {
      if (name === 'ib') {
        if (config.broker.kind !== 'ib') ctx.addIssue({ code: 'custom', path, message: 'source "ib" reads IB\'s historical bars and needs broker.kind: ib: name a source under dataSources instead' });
      } else if (!known.includes(name)) {
        ctx.addIssue({ code: 'custom', path, message: `unknown source "${name}": add it under dataSources (known: ${known.join(', ') || 'none'}), or use "ib" with an IB broker` });
      }
    };
    if (config.dataSources.refresh) check(config.dataSources.refresh.source, ['dataSources', 'refresh', 'source']);
    if (config.dataChecks.crossCheck) check(config.dataChecks.crossCheck.source, ['dataChecks', 'crossCheck', 'source']);
  }

  function checkNotify(config: z.output<typeof notify>, ctx: z.RefinementCtx): void {
    const email = config.email;
    if (email?.user && !email.requireTls && !email.secure && !['127.0.0.1', 'localhost', '::1'].includes(email.host)) {
      ctx.addIssue({ code: 'custom', path: ['notify', 'email', 'requireTls'], message: 'would send the SMTP password unencrypted over the network: set requireTls: true (or secure: true on port 465)' });
    }
    const names = new Set<string>();
    config.webhooks.forEach((hook, index) => {
      const name = hook.name ? `${hook.kind}:${hook.name}` : hook.kind;
      if (names.has(name)) ctx.addIssue({ code: 'custom', path: ['notify', 'webhooks', index, 'name'], message: `a second ${hook.kind} webhook needs its own name` });
      names.add(name);
      if (hook.kind === 'telegram' && hook.chatId === undefined) ctx.addIssue({ code: 'custom', path: ['notify', 'webhooks', index, 'chatId'], message: 'a telegram webhook needs chatId: the chat to post to' });
      if (hook.kind !== 'telegram' && hook.chatId !== undefined) ctx.addIssue({ code: 'custom', path: ['notify', 'webhooks', index, 'chatId'], message: `only telegram webhooks take chatId; a ${hook.kind} webhook posts where its URL points` });
    });
  }

  return { configSchema, KEYS_BY_KIND, instrument, paperBroker, ibBroker, alpacaBroker, strategy, volTarget, planning, risk, fxHedge, execution, reprice, spreadTarget, options, optionModel, commission, fxCommission, notify, backtest, schedule, ledger, analytics, dataSource, dataSources };
}

export type ConfigSchemas = ReturnType<typeof defineSchemas>;
let built: ConfigSchemas | undefined;

/** The config's schemas, built on the first call and kept for the process. */
export function configSchemas(): ConfigSchemas {
  return (built ??= defineSchemas());
}

export type ConfigInput = z.input<ConfigSchemas['configSchema']>;
export type Config = z.output<ConfigSchemas['configSchema']>;
export type InstrumentConfig = z.output<ConfigSchemas['instrument']>;
export type PaperBrokerConfig = z.output<ConfigSchemas['paperBroker']>;
export type IbBrokerConfig = z.output<ConfigSchemas['ibBroker']>;
export type AlpacaBrokerConfig = z.output<ConfigSchemas['alpacaBroker']>;
export type StrategyConfig = z.output<ConfigSchemas['strategy']>;
export type VolTargetConfig = z.output<ConfigSchemas['volTarget']>;
export type PlanningConfig = z.output<ConfigSchemas['planning']>;
export type RiskConfig = z.output<ConfigSchemas['risk']>;
export type FxHedgeConfig = z.output<ConfigSchemas['fxHedge']>;
export type ExecutionConfig = z.output<ConfigSchemas['execution']>;
export type RepriceConfig = z.output<ConfigSchemas['reprice']>;
export type SpreadTargetConfig = z.output<ConfigSchemas['spreadTarget']>;
export type OptionsConfig = z.output<ConfigSchemas['options']>;
export type OptionModelConfig = z.output<ConfigSchemas['optionModel']>;
export type CommissionConfig = z.output<ConfigSchemas['commission']>;
export type FxCommissionConfig = z.output<ConfigSchemas['fxCommission']>;
export type NotifyConfig = z.output<ConfigSchemas['notify']>;
export type BacktestConfig = z.output<ConfigSchemas['backtest']>;
export type ScheduleConfig = z.output<ConfigSchemas['schedule']>;
export type LedgerConfig = z.output<ConfigSchemas['ledger']>;
export type AnalyticsConfig = z.output<ConfigSchemas['analytics']>;
export type DataSourceConfig = z.output<ConfigSchemas['dataSource']>;
export type DataSourcesConfig = z.output<ConfigSchemas['dataSources']>;
