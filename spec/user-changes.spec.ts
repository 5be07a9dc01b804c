import { expect } from 'chai'
import { lastValueFrom, take, toArray, type Subscription } from 'rxjs'
import { userChanges, type UserChange } from '../lib/index.js'
import { failureOf } from './support/failure.js'
import { NOW, withSimulator } from './support/simulator.js'

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const version = (c: UserChange): string => `${c.user.id}@${String(c.user.updated_at)}`
const DAY = 86_400

describe('userChanges (polling List Users by updated_at, API 1.x)', () => {
  it('emits every version once and in updated_at order while users are updated during 30 polls', async function () {
    this.timeout(20_000)
    await withSimulator({ users: 600, now: NOW, latencyMs: 2 }, async (sim, client) => {
      const since = Math.floor(Date.now() / 1000) - DAY
      const spare = sim.users.filter((u) => (u['updated_at'] as number) <= since).map((u) => u.id)
      sim.updateUsers(spare.slice(0, 10), since + 30)
      let next = 10
      const changes: UserChange[] = []
      // 20 a page: a walk of several pages, so some updates land during one (the updated user
      // moves to the top, and the pages after it shift down).
      const subscription: Subscription = userChanges(client, { since, every: 30, perPage: 20 }).subscribe((c) =>
        changes.push(c),
      )
      for (let poll = 0; poll < 30; poll++) {
        await pause(30)
        sim.updateUsers(spare.slice(next, next + 2))
        next += 2
      }
      await pause(1_200)
      subscription.unsubscribe()
      const want = sim.users
        .filter((u) => (u['updated_at'] as number) > since)
        .map((u) => `${u.id}@${String(u['updated_at'])}`)
      expect(want.length).to.equal(70)
      expect(changes.map(version)).to.have.members(want)
      expect(new Set(changes.map(version)).size).to.equal(changes.length)
      const times = changes.map((c) => c.user.updated_at as number)
      expect(times).to.deep.equal([...times].sort((a, b) => a - b))
      expect(sim.requests.every((r) => r.apiVersion === '1.4')).to.equal(true)
    })
  })

  it('resumes from a saved watermark with nothing lost and nothing repeated', async () => {
    await withSimulator({ users: 300, now: NOW }, async (sim, client) => {
      const since = NOW - 30 * DAY
      sim.updateUsers(
        sim.users.slice(0, 8).map((u) => u.id),
        NOW - DAY,
      )
      const total = sim.users.filter((u) => (u['updated_at'] as number) > since).length
      const options = { since, every: 20 }
      const all = await lastValueFrom(userChanges(client, options).pipe(take(total), toArray()))
      for (const cut of [1, 4, total - 1]) {
        const first = await lastValueFrom(userChanges(client, options).pipe(take(cut), toArray()))
        const watermark = JSON.parse(JSON.stringify(first.at(-1)?.watermark)) as UserChange['watermark']
        const rest = await lastValueFrom(
          userChanges(client, { ...options, since: watermark }).pipe(take(total - cut), toArray()),
        )
        expect([...first, ...rest].map(version)).to.deep.equal(all.map(version))
      }
    })
  })

  it('says so with PageLimitReached when more users changed since the watermark than the cap reaches', async () => {
    await withSimulator(
      { users: 400, now: NOW, pageCap: 100 },
      async (_sim, client) => {
        const error = await failureOf(lastValueFrom(userChanges(client, { since: 0, every: 20 }).pipe(take(1))))
        expect(error._tag).to.equal('PageLimitReached')
        expect(error.message).to.contain('allUsers')
      },
      { pageCap: 100 },
    )
  })
})
