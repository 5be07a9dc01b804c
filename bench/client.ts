/**
 * One measured run of a client, in a process of its own so that its CPU and memory are its
 * own (the simulator runs in the parent). Prints one JSON line.
 *
 * node build/bench/client.js <variant> <baseUrl> <token> [concurrency]
 *   variant: library | library-cross-fetch | library-node-http | hand | hand-cross-fetch | hand-node-http | hand-parallel | sdk | scroll-slow | contacts | export-contacts | export-contacts-node | hand-contacts | cli-contacts | sdk7-contacts | cli
 *   concurrency: a number, or auto (cli, library)
 */
import { createRequire } from 'node:module'
import { Writable } from 'node:stream'
import { performance } from 'node:perf_hooks'
import { fetch as crossFetch } from 'cross-fetch'
import { lastValueFrom, reduce } from 'rxjs'
import { IntercomClient } from 'intercom-client-7'
import { parseCommand, type ListCommand } from '../lib/cli/args.js'
import { runList } from '../lib/cli/list.js'
import { nodeHttpFetch } from '../lib/node.js'
import {
  createClient,
  exportContacts,
  listContacts,
  listUsers,
  scrollUsers,
  toAsyncIterable,
  type FetchLike,
} from '../lib/index.js'

const [variant = 'library', baseUrl = '', token = '', concurrencyArg = '1'] = process.argv.slice(2)
const concurrency = concurrencyArg === 'auto' ? 'auto' : Number(concurrencyArg)
const PER_PAGE = 50

interface Result {
  users: number
  requests?: number
  error?: string
  peakHeap?: number
  peakRss?: number
}

/** The hand-written loop: fetch, JSON.parse, follow pages.next; no validation at all. */
const hand = (fetchFn: typeof fetch) => async (): Promise<Result> => {
  let url: string | null = `${baseUrl}/users?per_page=${PER_PAGE}`
  let users = 0
  let requests = 0
  while (url !== null) {
    const response: Response = await fetchFn(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Intercom-Version': '1.4' },
    })
    requests += 1
    const body = JSON.parse(await response.text()) as { users: unknown[]; pages: { next: string | null } }
    users += body.users.length
    url = body.pages.next
  }
  return { users, requests }
}

/** The hand loop's fetch over {@link nodeHttpFetch}: the same client the CLI uses. */
const nodeHttpFetchLoop = ((url: string, init: { headers: Record<string, string> }) =>
  nodeHttpFetch(url, {
    method: 'GET',
    headers: init.headers,
    signal: new AbortController().signal,
    redirect: 'manual',
  })) as unknown as typeof fetch

/**
 * The floor of a machine: the hand-written loop with `concurrency` pages in flight over
 * nodeHttpFetch, page 1 first for `total_pages`, then every page by number; JSON.parse, no
 * validation, no order, no output.
 */
const handParallel = async (): Promise<Result> => {
  const get = async (page: number): Promise<{ users: unknown[]; pages: { total_pages: number } }> => {
    const response = await nodeHttpFetchLoop(`${baseUrl}/users?per_page=${PER_PAGE}&page=${page}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Intercom-Version': '1.4' },
    })
    return JSON.parse(await response.text()) as { users: unknown[]; pages: { total_pages: number } }
  }
  const first = await get(1)
  let users = first.users.length
  let next = 2
  const worker = async (): Promise<void> => {
    while (next <= first.pages.total_pages) {
      const page = await get(next++)
      users += page.users.length
    }
  }
  await Promise.all(Array.from({ length: typeof concurrency === 'number' ? concurrency : 32 }, worker))
  return { users, requests: first.pages.total_pages }
}

const library = (fetchFn?: FetchLike) => async (): Promise<Result> => {
  const client = createClient({ token, baseUrl, ...(fetchFn === undefined ? {} : { fetch: fetchFn }) })
  const users = await lastValueFrom(
    listUsers(client, { perPage: PER_PAGE }, { concurrency }).pipe(reduce((n) => n + 1, 0)),
  )
  return { users }
}

/** The official SDK, version 2: Basic auth with the token, users.listBy, then nextPage. */
const sdk = async (): Promise<Result> => {
  const require = createRequire(import.meta.url)
  const { Client } = require('intercom-client') as {
    Client: new (o: { token: string }) => {
      usePromises(): SdkClient
    }
  }
  interface SdkClient {
    useBaseUrl(url: string): SdkClient
    users: { listBy(p: object): Promise<{ body: SdkPage }> }
    nextPage(pages: SdkPage['pages']): Promise<{ body: SdkPage }>
  }
  interface SdkPage {
    users: unknown[]
    pages: { next: string | null }
  }
  const client = new Client({ token }).usePromises().useBaseUrl(baseUrl)
  let users = 0
  try {
    let page = (await client.users.listBy({ per_page: PER_PAGE })).body
    users += page.users.length
    while (page.pages.next !== null) {
      page = (await client.nextPage(page.pages)).body
      users += page.users.length
    }
    return { users }
  } catch (e) {
    const err = e as { statusCode?: number; message?: string }
    return { users, error: `${err.statusCode ?? ''} ${err.message ?? String(e)}`.trim() }
  }
}

/** Every user over scroll to a consumer that takes 1 ms a user, pulled: peak memory sampled. */
const scrollSlow = async (): Promise<Result> => {
  const client = createClient({ token, baseUrl })
  let peakHeap = 0
  let peakRss = 0
  // With --expose-gc, collect before sampling: the peak of what is retained, not of garbage
  // the collector has not reached yet.
  const gc = (globalThis as { gc?: () => void }).gc
  const sample = (): void => {
    gc?.()
    const m = process.memoryUsage()
    peakHeap = Math.max(peakHeap, m.heapUsed)
    peakRss = Math.max(peakRss, m.rss)
  }
  const timer = setInterval(sample, gc === undefined ? 50 : 250)
  let users = 0
  for await (const _user of toAsyncIterable(scrollUsers(client), { prefetch: 1 })) {
    users += 1
    await new Promise((r) => setTimeout(r, 1))
  }
  clearInterval(timer)
  sample()
  return { users, peakHeap, peakRss }
}

/** Every contact over GET /contacts at 150 a page: the library. */
const contacts = async (): Promise<Result> => {
  const client = createClient({ token, baseUrl })
  return { users: await lastValueFrom(listContacts(client, { perPage: 150 }).pipe(reduce((n) => n + 1, 0))) }
}

/** Every contact with exportContacts: ranges of days over search, read at once (`fetchFn`: the runtime's by default). */
const exportAll = (fetchFn?: FetchLike) => async (): Promise<Result> => {
  const client = createClient({ token, baseUrl, ...(fetchFn === undefined ? {} : { fetch: fetchFn }) })
  return { users: await lastValueFrom(exportContacts(client).pipe(reduce((n) => n + 1, 0))) }
}

/**
 * The CPU floor of a contacts export: every page of GET /contacts read by a hand loop over
 * nodeHttpFetch, JSON.parse and no more (its CPU time, not its wall time, is the floor).
 */
const handContacts = async (): Promise<Result> => {
  let after: string | undefined
  let users = 0
  let requests = 0
  do {
    const url = `${baseUrl}/contacts?per_page=150${after === undefined ? '' : `&starting_after=${encodeURIComponent(after)}`}`
    const response = await nodeHttpFetchLoop(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Intercom-Version': '2.14' },
    })
    requests += 1
    const body = JSON.parse(await response.text()) as {
      data: unknown[]
      pages?: { next?: { starting_after?: string } | null } | null
    }
    users += body.data.length
    after = body.pages?.next?.starting_after ?? undefined
  } while (after !== undefined && after !== '')
  return { users, requests }
}

/** The same with the official SDK of today, intercom-client 7.x: its `for await` over `contacts.list`. */
const sdk7Contacts = async (): Promise<Result> => {
  const sdk = new IntercomClient({ token, baseUrl })
  let users = 0
  try {
    for await (const _contact of await sdk.contacts.list({ per_page: 150 })) users += 1
    return { users }
  } catch (e) {
    return { users, error: e instanceof Error ? e.message : String(e) }
  }
}

/** The command line run with `argv` (NDJSON to a sink): what a user runs. */
const cliWith = (argv: () => ReadonlyArray<string>) => async (): Promise<Result> => {
  const parsed = parseCommand(argv())
  if (parsed._tag === 'Left') throw new Error(parsed.left)
  const sink = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() })
  const summary = await runList(parsed.right as ListCommand, {
    stdout: sink(),
    stderr: sink(),
    env: { INTERCOM_BASE_URL: baseUrl, INTERCOM_ACCESS_TOKEN: token },
  })
  return summary.exitCode === 0
    ? { users: summary.users, requests: summary.requests }
    : { users: summary.users, error: `exit ${summary.exitCode}` }
}

/** `intercom-users` with its defaults, or `--concurrency N`. */
const cli = cliWith(() => (concurrencyArg === 'auto' ? [] : ['--concurrency', concurrencyArg]))
/** `intercom-users contacts` with its defaults (the parallel export). */
const cliContacts = cliWith(() => ['contacts'])

const run = {
  cli,
  contacts,
  'sdk7-contacts': sdk7Contacts,
  'export-contacts': exportAll(),
  'export-contacts-node': exportAll(nodeHttpFetch),
  'hand-contacts': handContacts,
  'cli-contacts': cliContacts,
  library: library(),
  'library-cross-fetch': library(crossFetch),
  'library-node-http': library(nodeHttpFetch),
  hand: hand(fetch),
  'hand-cross-fetch': hand(crossFetch),
  'hand-node-http': hand(nodeHttpFetchLoop),
  'hand-parallel': handParallel,
  sdk,
  'scroll-slow': scrollSlow,
}[variant]
if (run === undefined) throw new Error(`unknown variant ${variant}`)
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const result = await run()
const cpu = process.cpuUsage(cpu0)
process.stdout.write(`${JSON.stringify({ ...result, wallMs: performance.now() - t0, cpuUs: cpu.user + cpu.system })}\n`)
