/**
 * `npm run bench`: side-by-side measurements in one run, written to docs/benchmarks.md and
 * docs/benchmarks.svg. The simulator runs in this process; every measured client runs in a
 * child process of its own, so its CPU time and memory are its own.
 */
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { lastValueFrom, take, toArray } from 'rxjs'
import { createClient, listUsers, type Concurrency } from '../lib/index.js'
import { AUTO_CEILING } from '../lib/paging/concurrency.js'
import { startSimulator, type SimulatorOptions } from '../lib/simulator/index.js'
import { chart } from './chart.js'
import { contactsChart, type ContactsRow } from './contacts-chart.js'

const CLIENT = fileURLToPath(new URL('./client.js', import.meta.url))
const DOCS = new URL('../../docs/', import.meta.url)
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3)
const USERS = 10_000
const PER_PAGE = 50
const PAGES = Math.ceil(USERS / PER_PAGE)
const LATENCIES = [20, 100, 300]
const CONCURRENCIES = [1, 4, 8, 16, 32]

interface Run {
  users: number
  /** Answers the simulator gave with 429. */
  rateLimited?: number
  wallMs: number
  cpuUs: number
  error?: string
  peakHeap?: number
  peakRss?: number
}

const client = async (sim: SimulatorOptions, variant: string, concurrency: Concurrency = 1): Promise<Run> => {
  // An app whose default API version is 1.4: intercom-client@2 names no version, and List Users
  // exists only on 1.x (intercom-rx and the hand loops send Intercom-Version 1.4 themselves).
  const server = await startSimulator({ defaultApiVersion: '1.4', ...sim })
  try {
    // The memory run collects before each sample, so its peaks are of what is retained.
    const flags = variant === 'scroll-slow' ? ['--expose-gc'] : []
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...flags, CLIENT, variant, server.url, server.token, String(concurrency)],
      {
        maxBuffer: 1 << 20,
      },
    )
    return { ...(JSON.parse(stdout) as Run), rateLimited: server.rateLimitedRequests() }
  } finally {
    await server.close()
  }
}

const stats = (xs: number[]): { min: number; median: number; max: number } => {
  const sorted = [...xs].sort((a, b) => a - b)
  return { min: sorted[0] ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 }
}
const fmt = (s: { min: number; median: number; max: number }, digits = 2): string =>
  `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`

const repeat = async (n: number, f: () => Promise<Run>): Promise<Run[]> => {
  const out: Run[] = []
  for (let i = 0; i < n; i++) out.push(await f())
  return out
}

const lines: string[] = []
const say = (line = ''): void => {
  lines.push(line)
  console.log(line)
}

say('# Benchmarks')
say()
say(
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}. Figures are medians with (min–max) over ${RUNS} runs, ` +
    'measured side by side in one run; absolute times are noise on a shared machine, the ratios are the result.',
)

// 1. CPU per user -----------------------------------------------------------------------
say()
say(`## CPU per user (${USERS} users, ${PER_PAGE} a page, no latency)`)
say()
const fast: SimulatorOptions = { users: USERS, seed: 7 }
/** Each client of the CPU table, and the hand-written loop over the same HTTP client. */
const cpuClients = [
  { variant: 'hand', label: "hand-written loop: Node's global fetch + JSON.parse, no validation", same: 'hand' },
  {
    variant: 'hand-cross-fetch',
    label: 'hand-written loop: cross-fetch + JSON.parse, no validation',
    same: 'hand-cross-fetch',
  },
  {
    variant: 'hand-node-http',
    label: 'hand-written loop: nodeHttpFetch + JSON.parse, no validation',
    same: 'hand-node-http',
  },
  {
    variant: 'library',
    label: "intercom-rx listUsers (its default: the runtime's fetch; io-ts decoding, guards, rate limiter)",
    same: 'hand',
  },
  {
    variant: 'library-cross-fetch',
    label: 'intercom-rx listUsers with cross-fetch injected',
    same: 'hand-cross-fetch',
  },
  {
    variant: 'library-node-http',
    label: 'intercom-rx listUsers with nodeHttpFetch (intercom-rx/node, what the CLI uses)',
    same: 'hand-node-http',
  },
] as const
const CPU_RUNS = Math.max(RUNS, 9)
const cpu: Record<string, number[]> = Object.fromEntries(cpuClients.map((c) => [c.variant, []]))
// Alternated run by run, so a busy moment of the machine slows every client alike.
for (let i = 0; i < CPU_RUNS; i++) {
  for (const { variant } of cpuClients) cpu[variant]?.push((await client(fast, variant)).cpuUs / USERS)
}
const cpuStats = Object.fromEntries(cpuClients.map((c) => [c.variant, stats(cpu[c.variant] ?? [])]))
const medianOf = (variant: string): number => cpuStats[variant]?.median ?? Number.NaN
say(
  `Each client in a process of its own, ${CPU_RUNS} runs alternated; × the hand-written loop over the same HTTP client, and × the one over Node's global fetch.`,
)
say()
say('| client | CPU µs per user | × hand loop, same client | × hand loop (global fetch) |')
say('| --- | --- | --- | --- |')
for (const { variant, label, same } of cpuClients) {
  const s = cpuStats[variant]
  if (s === undefined) continue
  say(
    `| ${label} | ${fmt(s)} | ${(s.median / medianOf(same)).toFixed(2)} | ${(s.median / medianOf('hand')).toFixed(2)} |`,
  )
}

// 2. Wall time against latency, through the command line -------------------------------------
/** The command line's runs: `cli` with `auto` (its default) or `--concurrency N`. */
const cliRun = (sim: SimulatorOptions, c: Concurrency): Promise<Run> => client(sim, 'cli', c)
/** The least wall time L·(1 + ⌈(P−1)/C⌉) latency and C pages in flight allow, or the rate limit's if longer, in seconds. */
const boundOf = (c: number, latencyMs: number, limit: number, windowS: number): number =>
  Math.max(
    (latencyMs / 1000) * (1 + Math.ceil((PAGES - 1) / c)),
    Math.floor((PAGES - 1) / limit) * windowS + latencyMs / 1000,
  )
const wall: Record<number, Record<string, ReturnType<typeof stats>>> = {}
const sdkAt: Record<number, ReturnType<typeof stats>> = {}
const tooManyOf = (runs: Run[]): number => runs.reduce((n, r) => n + (r.rateLimited ?? 0), 0)
const incomplete = (runs: Run[]): string =>
  runs.every((r) => r.users === USERS) ? '' : ` (incomplete: ${runs.map((r) => r.error ?? r.users).join(', ')})`
for (const latencyMs of LATENCIES) {
  const sim: SimulatorOptions = { users: USERS, seed: 7, latencyMs, rateLimit: { limit: 1_666, windowMs: 10_000 } }
  say()
  say(`## Wall time, ${USERS} users at ${latencyMs} ms latency, 1,666 per 10 s (today's 10,000 a minute)`)
  say()
  say(
    `Through the command line (\`intercom-users\`, NDJSON to a sink): its default \`--concurrency auto\` (ceiling ${AUTO_CEILING}) and fixed numbers; the bound is L·(1 + ⌈(P−1)/C⌉) for P = ${PAGES} pages, C the ceiling or the fixed number.`,
  )
  say()
  say('| client | seconds | × bound | bound (s) | 429s |')
  say('| --- | --- | --- | --- | --- |')
  wall[latencyMs] = {}
  const autoCpu: number[] = []
  // The machine's floor first: the default's bound is max(L·(1 + ⌈(P−1)/C⌉), this floor).
  const floorRuns = await repeat(RUNS, () => client(sim, 'hand-parallel', AUTO_CEILING))
  const floor = stats(floorRuns.map((r) => r.wallMs / 1000))
  for (const c of ['auto', ...CONCURRENCIES] as const) {
    const runs = await repeat(RUNS, () => cliRun(sim, c))
    if (c === 'auto') autoCpu.push(...runs.map((r) => r.cpuUs))
    const s = stats(runs.map((r) => r.wallMs / 1000))
    wall[latencyMs][String(c)] = s
    const b =
      c === 'auto'
        ? Math.max(boundOf(AUTO_CEILING, latencyMs, 1_666, 10), floor.median)
        : boundOf(c, latencyMs, 1_666, 10)
    const label =
      c === 'auto'
        ? `intercom-users (default: --concurrency auto, ceiling ${AUTO_CEILING}; bound: max(L·(1 + ⌈(P−1)/C⌉), the floor below))`
        : `intercom-users --concurrency ${c}`
    const verdict = c === 'auto' ? (s.median <= 1.25 * b ? ' ✓ ≤ 1.25×' : ' ✗ > 1.25×') : ''
    say(
      `| ${label}${incomplete(runs)} | ${fmt(s)} | ${(s.median / b).toFixed(2)}${verdict} | ${b.toFixed(2)} | ${tooManyOf(runs)} |`,
    )
  }
  const bc = boundOf(AUTO_CEILING, latencyMs, 1_666, 10)
  say(
    `| hand-written loop: nodeHttpFetch + JSON.parse, ${AUTO_CEILING} in flight, no validation, no order, no output (this machine's floor)${incomplete(floorRuns)} | ${fmt(floor)} | ${(floor.median / bc).toFixed(2)} | ${bc.toFixed(2)} | ${tooManyOf(floorRuns)} |`,
  )
  const sdkRuns = await repeat(RUNS, () => client(sim, 'sdk'))
  const sdkWall = stats(sdkRuns.map((r) => r.wallMs / 1000))
  sdkAt[latencyMs] = sdkWall
  const b1 = boundOf(1, latencyMs, 1_666, 10)
  say(
    `| intercom-client@2 (sequential)${incomplete(sdkRuns)} | ${fmt(sdkWall)} | ${(sdkWall.median / b1).toFixed(2)} | ${b1.toFixed(2)} | ${tooManyOf(sdkRuns)} |`,
  )
  say()
  say(
    `intercom-users with its defaults against intercom-client@2: ×${(sdkWall.median / (wall[latencyMs]?.['auto']?.median ?? 1)).toFixed(1)} faster; ` +
      `against the floor: ×${((wall[latencyMs]?.['auto']?.median ?? Number.NaN) / floor.median).toFixed(2)}; ` +
      `the command line's CPU a user (auto): ${fmt(stats(autoCpu.map((us) => us / USERS)), 1)} µs.`,
  )
}
{
  const limit = 83
  const sim: SimulatorOptions = { users: USERS, seed: 7, latencyMs: 100, rateLimit: { limit, windowMs: 10_000 } }
  say()
  say(`## Wall time, ${USERS} users at 100 ms latency, 83 per 10 s (the old 500 a minute)`)
  say()
  say("The bound is the rate limit's: ⌊(P−1)/83⌋ windows of 10 s and one answer.")
  say()
  say('| client | seconds | × bound | bound (s) | 429s |')
  say('| --- | --- | --- | --- | --- |')
  const b = boundOf(Number.POSITIVE_INFINITY, 100, limit, 10)
  for (const c of ['auto', 1] as const) {
    const runs = await repeat(RUNS, () => cliRun(sim, c))
    const s = stats(runs.map((r) => r.wallMs / 1000))
    const label = c === 'auto' ? 'intercom-users (default: --concurrency auto)' : 'intercom-users --concurrency 1'
    say(
      `| ${label}${incomplete(runs)} | ${fmt(s)} | ${(s.median / b).toFixed(2)} | ${b.toFixed(1)} | ${tooManyOf(runs)} |`,
    )
  }
  const sdkRuns = await repeat(RUNS, () => client(sim, 'sdk'))
  const sdkWall = stats(sdkRuns.map((r) => r.wallMs / 1000))
  const failed = sdkRuns.find((r) => r.error !== undefined)
  say(
    `| intercom-client@2 (sequential) | ${fmt(sdkWall)}${
      failed === undefined ? '' : `: failed after ${failed.users} users with "${failed.error}"`
    } | ${(sdkWall.median / b).toFixed(2)} | ${b.toFixed(1)} | ${tooManyOf(sdkRuns)} |`,
  )
}

// 3. Memory with a slow consumer -----------------------------------------------------------------
say()
say('## Peak memory over scroll, a consumer taking 1 ms a user (toAsyncIterable, prefetch 1)')
say()
say('Sampled every 250 ms after a full collection (`--expose-gc`): the peak of what the client retains.')
say()
say('| users | peak heap (MB) | peak RSS (MB) | seconds |')
say('| --- | --- | --- | --- |')
const memory: Record<number, Run> = {}
for (const users of [10_000, 100_000]) {
  const run = await client({ users, seed: 7 }, 'scroll-slow')
  memory[users] = run
  say(
    `| ${users} | ${((run.peakHeap ?? 0) / 1e6).toFixed(1)} | ${((run.peakRss ?? 0) / 1e6).toFixed(1)} | ${(run.wallMs / 1000).toFixed(1)} |`,
  )
}
say()
say(
  `Peak heap ratio 100,000 / 10,000: ×${((memory[100_000]?.peakHeap ?? 0) / (memory[10_000]?.peakHeap ?? 1)).toFixed(2)}; ` +
    `RSS ×${((memory[100_000]?.peakRss ?? 0) / (memory[10_000]?.peakRss ?? 1)).toFixed(2)} (one run each: the slow consumer makes them long).`,
)

// 4. Contacts ------------------------------------------------------------------------------------
const CONTACTS = Number(process.env['BENCH_CONTACTS'] ?? 100_000)
const CONTACTS_PAGE = 150
const CONTACTS_LIMIT = { limit: 1_666, windowMs: 10_000 }
say()
say(`## Contacts (API 2.x): ${CONTACTS} at 20, 100 and 300 ms, 1,666 per 10 s`)
say()
say(
  '`exportContacts` reads ranges of whole days of `created_at` over the search, many at once; the ' +
    'listing and `intercom-client` 7 walk `GET /contacts` by its cursor, one page after the other. ' +
    'The bound is max(rate bound, latency bound at the ceiling of 64, CPU floor) plus ten round ' +
    'trips for planning; the CPU floor is the CPU time of a hand loop that reads every page with ' +
    'nodeHttpFetch and JSON.parse only, measured in the same run.',
)
const contactRows: ContactsRow[] = []
{
  const pages = Math.ceil(CONTACTS / CONTACTS_PAGE)
  const rateBound = (pages * CONTACTS_LIMIT.windowMs) / CONTACTS_LIMIT.limit / 1000
  for (const latencyMs of [20, 100, 300]) {
    const sim: SimulatorOptions = { users: 0, contacts: CONTACTS, seed: 7, latencyMs, rateLimit: CONTACTS_LIMIT }
    const latencyBound = Math.ceil(pages / 64) * (latencyMs / 1000)
    const variants = [
      ['exportContacts (runtime fetch)', 'export-contacts'],
      ['exportContacts (nodeHttpFetch)', 'export-contacts-node'],
      ['intercom-users contacts (its default: the export)', 'cli-contacts'],
      ['listContacts, 150 a page (sequential)', 'contacts'],
      ['intercom-client 7.x, for await over contacts.list', 'sdk7-contacts'],
    ] as const
    const runs: Record<string, Run[]> = {}
    const floorCpu: number[] = []
    for (let i = 0; i < RUNS; i++) {
      floorCpu.push((await client(sim, 'hand-contacts')).cpuUs / 1e6)
      for (const [, variant] of variants) (runs[variant] ??= []).push(await client(sim, variant))
    }
    const floor = stats(floorCpu).median
    const bound = Math.max(rateBound, latencyBound, floor) + (10 * latencyMs) / 1000
    say()
    say(
      `### ${latencyMs} ms: rate bound ${rateBound.toFixed(2)} s, latency bound ${latencyBound.toFixed(2)} s, CPU floor ${floor.toFixed(2)} s; bound ${bound.toFixed(2)} s`,
    )
    say()
    say('| client | seconds | × bound | × intercom-client 7 | CPU µs per contact | 429s |')
    say('| --- | --- | --- | --- | --- | --- |')
    const sdk = stats((runs['sdk7-contacts'] ?? []).map((r) => r.wallMs / 1000)).median
    contactRows.push({
      label: `${latencyMs} ms`,
      bound,
      bars: variants.map(([label, variant]) => ({
        client: label,
        seconds: stats((runs[variant] ?? []).map((r) => r.wallMs / 1000)).median,
      })),
    })
    for (const [label, variant] of variants) {
      const rs = runs[variant] ?? []
      const s = stats(rs.map((r) => r.wallMs / 1000))
      const ok = rs.every((r) => r.users === CONTACTS)
        ? ''
        : ` (incomplete: ${rs.map((r) => r.error ?? r.users).join(', ')})`
      const verdict =
        variant.startsWith('export') || variant === 'cli-contacts' ? (s.median <= 1.25 * bound ? ' ✓' : ' ✗') : ''
      say(
        `| ${label}${ok} | ${fmt(s)} | ${(s.median / bound).toFixed(2)}${verdict} | ${(sdk / s.median).toFixed(1)} | ${fmt(stats(rs.map((r) => r.cpuUs / CONTACTS)), 1)} | ${rs.reduce((n, r) => n + (r.rateLimited ?? 0), 0)} |`,
      )
    }
  }
}

// 5. Requests for take(n) ---------------------------------------------------------------------
say()
say(`## Requests sent for take(n), ${PER_PAGE} a page, concurrency 1`)
say()
say('| n | requests | ceil(n / perPage) |')
say('| --- | --- | --- |')
const sim = await startSimulator({ users: USERS, seed: 7 })
for (const n of [1, 60, 61, 120, 1_000, 9_999]) {
  const before = sim.requests.length
  await lastValueFrom(
    listUsers(createClient({ token: sim.token, baseUrl: sim.url }), { perPage: PER_PAGE }).pipe(take(n), toArray()),
  )
  await new Promise((r) => setTimeout(r, 20))
  say(`| ${n} | ${sim.requests.length - before} | ${Math.ceil(n / PER_PAGE)} |`)
}
await sim.close()

say()
say('![wall time against concurrency](benchmarks.svg)')
say()
say('![contacts: seconds a client takes at 20, 100 and 300 ms](benchmarks-contacts.svg)')
await writeFile(new URL('benchmarks.md', DOCS), `${lines.join('\n')}\n`)
await writeFile(
  new URL('benchmarks.svg', DOCS),
  chart(
    LATENCIES.map((latencyMs) => ({
      label: `${latencyMs} ms`,
      points: CONCURRENCIES.map((c) => ({
        x: c,
        y: wall[latencyMs]?.[String(c)]?.median ?? 0,
        bound: boundOf(c, latencyMs, 1_666, 10),
      })),
      auto: wall[latencyMs]?.['auto']?.median ?? 0,
    })),
    `intercom-users, ${USERS} users, 1,666 requests per 10 s (dotted: auto)`,
  ),
)
await writeFile(
  new URL('benchmarks-contacts.svg', DOCS),
  contactsChart(contactRows, `${CONTACTS} contacts, 1,666 requests per 10 s, at three latencies (median of ${RUNS})`),
)
console.log('wrote docs/benchmarks.md, docs/benchmarks.svg and docs/benchmarks-contacts.svg')
