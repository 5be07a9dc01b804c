import { expect } from 'chai'
import { firstValueFrom, lastValueFrom, take, toArray, type Subscription } from 'rxjs'
import { contactChanges, userChanges, type ContactChange } from '../../lib/index.js'
import { failureOf } from '../support/failure.js'
import { NOW, withSimulator } from '../support/simulator.js'

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const version = (c: ContactChange): string => `${c.contact.id}@${String(c.contact.updated_at)}`
const DAY = 86_400

describe('contactChanges (polling POST /contacts/search)', () => {
  it('emits every version once, in updated_at order, through updates in the lag, on a day boundary and during walks', async function () {
    this.timeout(30_000)
    await withSimulator(
      { users: 0, contacts: 300, now: NOW, latencyMs: 2, searchLagMs: 1_500, timeZone: 'Pacific/Auckland' },
      async (sim, client) => {
        const realNow = Math.floor(Date.now() / 1000)
        const since = realNow - 3 * DAY
        // Only contacts whose seeded version is before `since` are updated, so every version after it is one of ours.
        const spare = sim.contacts.filter((c) => (c['updated_at'] as number) <= since).map((c) => c.id)
        // On the boundary of a day (UTC midnight, and Auckland's), and just before it.
        const midnightUtc = Math.floor(realNow / DAY) * DAY
        sim.updateContacts([spare[0] ?? ''], midnightUtc)
        sim.updateContacts([spare[1] ?? ''], midnightUtc - 1)
        sim.updateContacts([spare[2] ?? ''], since + 1)
        // Indexed before the stream starts: Intercom never dates a write back, so the lag window
        // (on updated_at) cannot cover a backdated write that the index shows 1.5 s late.
        await pause(1_600)
        const changes: ContactChange[] = []
        let polls = 0
        const subscription: Subscription = contactChanges(client, {
          since,
          every: 50,
          lagSeconds: 3,
          perPage: 7,
        }).subscribe((c) => changes.push(c))
        // 30 polls' worth of time, updating contacts all along: some land inside the search lag,
        // some while a walk (7 a page, several pages) is under way.
        let next = 3
        for (; polls < 30; polls++) {
          await pause(50)
          sim.updateContacts([spare[next++] ?? ''])
          if (polls % 3 === 0) sim.updateContacts([spare[next++] ?? ''])
        }
        // Every update settles after the lag (3 s) and one more poll.
        await pause(4_500)
        subscription.unsubscribe()
        const want = sim.contacts
          .filter((c) => (c['updated_at'] as number) > since)
          .map((c) => `${c.id}@${String(c['updated_at'])}`)
        expect(want.length).to.be.greaterThan(40)
        expect(changes.map(version)).to.have.members(want)
        expect(new Set(changes.map(version)).size).to.equal(changes.length)
        const times = changes.map((c) => c.contact.updated_at as number)
        expect(times).to.deep.equal([...times].sort((a, b) => a - b))
      },
    )
  })

  for (const skew of [-30, 30]) {
    it(`Intercom's clock ${Math.abs(skew)} s ${skew < 0 ? 'behind' : 'ahead of'} this machine's: every version once (the horizon on the answers' Date)`, async function () {
      this.timeout(30_000)
      await withSimulator(
        { users: 0, contacts: 200, now: NOW, latencyMs: 2, searchLagMs: 1_000, clockSkewSeconds: skew },
        async (sim, client) => {
          const since = NOW - DAY
          const spare = sim.contacts.filter((c) => (c['updated_at'] as number) <= since).map((c) => c.id)
          const changes: ContactChange[] = []
          const subscription = contactChanges(client, { since, every: 50, lagSeconds: 2, perPage: 20 }).subscribe((c) =>
            changes.push(c),
          )
          // Updates for 2 s, each shown by search up to 1 s late.
          for (let i = 0; i < 40; i++) {
            sim.updateContacts(spare.slice(2 * i, 2 * i + 2))
            await pause(50)
          }
          // Settled: the lag (2 s), the search's (1 s), a poll and a margin.
          await pause(4_500)
          subscription.unsubscribe()
          const want = sim.contacts
            .filter((c) => (c['updated_at'] as number) > since)
            .map((c) => `${c.id}@${String(c['updated_at'])}`)
          expect(want.length).to.be.at.least(80)
          expect(changes.map(version)).to.have.members(want)
          expect(new Set(changes.map(version)).size).to.equal(changes.length)
        },
      )
    })
  }

  it('resumes from a saved watermark with nothing lost and nothing repeated', async () => {
    await withSimulator({ users: 0, contacts: 400, now: NOW }, async (sim, client) => {
      const since = NOW - 60 * DAY
      // Several versions share a second: the watermark must tell which of them were emitted.
      sim.updateContacts(
        sim.contacts.slice(0, 12).map((c) => c.id),
        NOW - DAY,
      )
      const options = { since, every: 20, lagSeconds: 0 }
      const all = await lastValueFrom(
        contactChanges(client, options).pipe(
          take(sim.contacts.filter((c) => (c['updated_at'] as number) > since).length),
          toArray(),
        ),
      )
      for (const cut of [1, 5, 17, all.length - 1]) {
        const first = await lastValueFrom(contactChanges(client, options).pipe(take(cut), toArray()))
        const watermark = JSON.parse(JSON.stringify(first.at(-1)?.watermark)) as ContactChange['watermark']
        const rest = await lastValueFrom(
          contactChanges(client, { ...options, since: watermark }).pipe(take(all.length - cut), toArray()),
        )
        expect([...first, ...rest].map(version)).to.deep.equal(all.map(version))
      }
    })
  })

  it('refuses bad options before any request', async () => {
    await withSimulator({ users: 0, contacts: 5, now: NOW }, async (sim, client) => {
      for (const options of [
        { since: 'yesterday' },
        { since: 1, every: 0 },
        { since: 1, perPage: 151 },
        // A watermark past year 9999 would follow forever, writing nothing.
        { since: { updatedAt: 1e300, ids: [] } },
        { since: 1e300 },
        { since: -1 },
      ]) {
        const error = await failureOf(firstValueFrom(contactChanges(client, options as never)))
        expect(error._tag).to.equal('InvalidParams')
      }
      expect(sim.requests).to.have.length(0)
    })
  })
})

describe('change streams over a simulator that changes on its own (a seeded rate)', () => {
  it('contactChanges and userChanges emit the final version of every changed record once, in order, over 30 polls', async function () {
    this.timeout(30_000)
    await withSimulator(
      { users: 300, contacts: 300, now: NOW, searchLagMs: 300, changes: { everyMs: 40, creates: 1, updates: 2 } },
      async (sim, client) => {
        const since = Math.floor(Date.now() / 1000) - 60
        const contacts: ContactChange[] = []
        const users: Array<{ readonly id: string; readonly updated_at?: unknown }> = []
        const a = contactChanges(client, { since, every: 50, lagSeconds: 2 }).subscribe((c) => contacts.push(c))
        const b = userChanges(client, { since, every: 50 }).subscribe((c) => users.push(c.user))
        // About 30 polls of each while the simulator changes records every 40 ms.
        await pause(1_600)
        const contactTruth = sim.contacts
          .filter((c) => (c['updated_at'] as number) > since)
          .map((c) => `${c.id}@${String(c['updated_at'])}`)
        const userTruth = sim.users
          .filter((u) => (u['updated_at'] as number) > since)
          .map((u) => `${u.id}@${String(u['updated_at'])}`)
        // What changed up to here settles (the lag, then a poll) before the streams stop.
        await pause(3_500)
        a.unsubscribe()
        b.unsubscribe()
        expect(contactTruth.length).to.be.greaterThan(30)
        const gotContacts = contacts.map(version)
        const gotUsers = users.map((u) => `${u.id}@${String(u.updated_at)}`)
        for (const [got, truth] of [
          [gotContacts, contactTruth],
          [gotUsers, userTruth],
        ] as const) {
          expect(new Set(got).size).to.equal(got.length)
          // The versions at the first look were final or overwritten later: a later version of the same record counts.
          const latest = new Map(got.map((v) => [v.split('@')[0], Number(v.split('@')[1])]))
          for (const v of truth) expect(latest.get(v.split('@')[0]) ?? 0, v).to.be.at.least(Number(v.split('@')[1]))
        }
        const times = contacts.map((c) => c.contact.updated_at as number)
        expect(times).to.deep.equal([...times].sort((x, y) => x - y))
      },
    )
  })
})
