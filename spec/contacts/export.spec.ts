import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import { exportContacts, type Contact } from '../../lib/index.js'
import { exportContactPages } from '../../lib/pages.js'
import { generateContacts, type SimContact } from '../../lib/simulator/index.js'
import { NOW, withSimulator } from '../support/simulator.js'

const DAY = 86_400
const all = <A>(source: import('rxjs').Observable<A>): Promise<A[]> => lastValueFrom(source.pipe(toArray()))
const ids = (contacts: ReadonlyArray<{ readonly id: string }>): string[] => contacts.map((c) => c.id)
const createdOrder = (contacts: ReadonlyArray<Contact>): boolean =>
  contacts.every((c, i) => i === 0 || (contacts[i - 1]?.created_at ?? 0) <= (c.created_at ?? 0))

describe('exportContacts (ranges of days over search, walked in parallel)', () => {
  it('5,000 contacts: each once, in created_at order, in at most 1.1 × ⌈N/150⌉ requests plus a probe a day', async function () {
    this.timeout(30_000)
    await withSimulator({ users: 0, contacts: 5_000, now: NOW, latencyMs: 5 }, async (sim, client) => {
      const pages = await all(exportContactPages(client))
      const contacts = pages.flatMap((p) => p.contacts)
      expect(contacts).to.have.length(5_000)
      expect(new Set(ids(contacts))).to.deep.equal(new Set(ids(sim.contacts)))
      expect(createdOrder(contacts)).to.equal(true)
      // A range's first page is its probe: only the newest contact's and each cut range's first page are not emitted.
      const probes = pages.at(-1)?.probes ?? 0
      const days =
        Math.ceil(
          (Math.max(...sim.contacts.map((c) => c.created_at)) - Math.min(...sim.contacts.map((c) => c.created_at))) /
            DAY,
        ) + 1
      console.log(
        `      ${sim.requests.length} requests (${probes} not emitted) for ${pages.at(-1)?.rangesDone ?? 0} ranges over ${days} days`,
      )
      expect(sim.requests.length).to.be.at.most(Math.ceil(1.1 * Math.ceil(5_000 / 150)) + days)
    })
  })

  it('contacts created and deleted during the export: every contact that existed throughout, exactly once', async function () {
    this.timeout(30_000)
    await withSimulator({ users: 0, contacts: 3_000, now: NOW, latencyMs: 5 }, async (sim, client) => {
      const before = new Set(ids(sim.contacts))
      const deleted = new Set<string>()
      let pages = 0
      const contacts: Contact[] = []
      await new Promise<void>((resolve, reject) =>
        exportContactPages(client, { concurrency: 4 }).subscribe({
          next: (page) => {
            contacts.push(...page.contacts)
            pages += 1
            if (pages % 3 === 0) {
              sim.createContacts(5)
              const victim = sim.contacts[Math.floor(sim.contacts.length / 2)]?.id ?? ''
              deleted.add(victim)
              sim.deleteContacts([victim])
            }
          },
          error: reject,
          complete: resolve,
        }),
      )
      const got = ids(contacts)
      expect(new Set(got).size).to.equal(got.length)
      const throughout = [...before].filter((id) => !deleted.has(id))
      const missing = throughout.filter((id) => !got.includes(id))
      expect(missing).to.deep.equal([])
    })
  })

  it('a workspace in Pacific/Auckland, and a dense day of 2,000 contacts: each once', async function () {
    this.timeout(30_000)
    const seeded = generateContacts(4_000, 11, NOW).map((c, i): SimContact =>
      i < 2_000 ? { ...c, created_at: NOW - 30 * DAY + (i % 3_600) } : c,
    )
    await withSimulator({ users: 0, contacts: seeded, now: NOW, timeZone: 'Pacific/Auckland' }, async (sim, client) => {
      const pages = await all(exportContactPages(client))
      const contacts = pages.flatMap((p) => p.contacts)
      expect(contacts).to.have.length(4_000)
      expect(new Set(ids(contacts))).to.deep.equal(new Set(ids(sim.contacts)))
      // The dense day is read by its cursor alone, and the progress says why once.
      const notes = pages.flatMap((p) => p.notes)
      expect(notes).to.have.length(1)
      expect(notes[0]).to.match(
        /holds 2000 contacts, more than the \d pages a range is cut to; the search cannot cut a day/,
      )
    })
  })

  it("says when it began on Intercom's clock (the Date of its answers), for the change stream that closes the gap", async () => {
    // Intercom's clock an hour behind this machine's: the start is Intercom's, not the local clock.
    await withSimulator({ users: 0, contacts: 300, now: NOW, clockSkewSeconds: -3_600 }, async (_sim, client) => {
      const before = Math.floor(Date.now() / 1000) - 3_600
      const pages = await all(exportContactPages(client))
      const after = Math.floor(Date.now() / 1000) - 3_600
      const startedAt = pages[0]?.startedAt ?? 0
      expect(startedAt).to.be.within(before - 2, after)
      expect(new Set(pages.map((p) => p.startedAt))).to.deep.equal(new Set([startedAt]))
    })
  })

  it("withText: each page also carries each contact's JSON as received, in the contacts' order", async () => {
    await withSimulator({ users: 0, contacts: 1_000, now: NOW }, async (_sim, client) => {
      const plain = await all(exportContactPages(client, { concurrency: 4 }))
      expect(plain.every((p) => p.texts === undefined)).to.equal(true)
      const pages = await all(exportContactPages(client, { concurrency: 4, withText: true }))
      const texts = pages.flatMap((p) => p.texts ?? [])
      expect(texts).to.have.length(1_000)
      expect(texts.map((t) => (JSON.parse(t) as Contact).id)).to.deep.equal(ids(pages.flatMap((p) => p.contacts)))
    })
  })

  it('an empty workspace: nothing, after its two first requests; a role filter keeps one role', async () => {
    await withSimulator({ users: 0, contacts: 0, now: NOW }, async (sim, client) => {
      expect(await all(exportContacts(client))).to.deep.equal([])
      expect(sim.requests).to.have.length(2)
    })
    await withSimulator({ users: 0, contacts: 1_000, now: NOW }, async (sim, client) => {
      const leads = await all(exportContacts(client, { role: 'lead' }))
      expect(new Set(ids(leads))).to.deep.equal(new Set(ids(sim.contacts.filter((c) => c.role === 'lead'))))
    })
  })

  it('resumed from the position of any page (a dense day open by its cursor among them): the rest, each contact once', async function () {
    this.timeout(30_000)
    const seeded = generateContacts(2_000, 5, NOW).map((c, i): SimContact =>
      i < 900 ? { ...c, created_at: NOW - 20 * DAY + i } : c,
    )
    await withSimulator({ users: 0, contacts: seeded, now: NOW, timeZone: 'America/New_York' }, async (sim, client) => {
      const pages = await all(exportContactPages(client, { concurrency: 3 }))
      const everyId = ids(pages.flatMap((p) => p.contacts))
      expect(pages.some((p) => p.position.open !== undefined)).to.equal(true)
      expect(pages.at(-1)?.position.open).to.equal(undefined)
      for (const at of [
        0,
        Math.floor(pages.length / 3),
        pages.findIndex((p) => p.position.open !== undefined),
        pages.length - 1,
      ]) {
        const before = pages.slice(0, at + 1).flatMap((p) => ids(p.contacts))
        const rest = ids(await all(exportContacts(client, { resume: pages[at]?.position ?? { from: 0 } })))
        expect([...before, ...rest], `resumed after page ${at + 1}`).to.deep.equal(everyId)
      }
      expect(new Set(everyId)).to.deep.equal(new Set(ids(sim.contacts)))
      const bad = await all(exportContacts(client, { resume: { from: -1 } })).catch((e: unknown) => e)
      expect(bad).to.have.property('_tag', 'InvalidParams')
      expect(String((bad as Error).message)).to.match(/^resume must be an ExportPage's position/)
    })
  })
})
