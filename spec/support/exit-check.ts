/**
 * Run as a child process by the resilience spec: one scenario, then the simulator is closed and
 * "done" printed. The process must then exit by itself, promptly: a timer or socket left behind
 * by a retry, a backoff or a rate-limit pause would keep it alive.
 */
import { lastValueFrom, take, toArray } from 'rxjs'
import { allUsers, createClient, listUsers, toAsyncIterable } from '../../lib/index.js'
import { startSimulator } from '../../lib/simulator/index.js'

const scenario = process.argv[2]
const sim = await startSimulator({
  users: 300,
  faults:
    scenario === 'pause'
      ? { rateLimited: 1, stormLength: 1_000 }
      : scenario === 'backoff'
        ? { serverError: 1 }
        : { rateLimited: 0.1, serverError: 0.1, resetMidBody: 0.05, stall: 0.05 },
  faultSeed: 3,
  rateLimit: { limit: 10_000, windowMs: scenario === 'pause' ? 20_000 : 50, fractionalReset: true },
})
const client = createClient({
  token: sim.token,
  baseUrl: sim.url,
  timeoutMs: 100,
  retry: { baseDelayMs: scenario === 'backoff' ? 20_000 : 2, maxDelayMs: 20_000, maxAttempts: 10, maxWaitMs: 60_000 },
})
if (scenario === 'complete') {
  await lastValueFrom(listUsers(client, { perPage: 20 }).pipe(toArray()))
  await lastValueFrom(listUsers(client, { perPage: 20 }).pipe(take(30), toArray()))
  // Pulled: in parallel, left early; and every user, pulled.
  let n = 0
  for await (const _user of toAsyncIterable(listUsers(client, { perPage: 20 }, { concurrency: 4 }))) {
    if (++n === 45) break
  }
  for await (const _user of toAsyncIterable(allUsers(client, {}, { concurrency: 3 }))) n += 1
} else {
  // Unsubscribe while the request waits: in the limiter's pause, or in a backoff.
  const subscription = listUsers(client).subscribe({ error: () => undefined })
  while (sim.requests.length === 0) await new Promise((r) => setTimeout(r, 5))
  await new Promise((r) => setTimeout(r, 50))
  subscription.unsubscribe()
}
await sim.close()
process.stdout.write('done\n')
