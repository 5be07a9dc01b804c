import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import { contactChanges, listContacts, type Contact, type ContactSyncEvent } from '../../lib/index.js'
import { failureOf } from '../support/failure.js'
import { NOW, withSimulator } from '../support/simulator.js'

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('contactChanges with reconcile: deletions and merges', () => {
  it('50 deletions and 20 leads merged into users during a follow: each reported once after the next reconciliation, and the reader’s copy ends equal to the workspace', async function () {
    this.timeout(60_000)
    await withSimulator({ users: 0, contacts: 600, now: NOW, latencyMs: 1, searchLagMs: 200 }, async (sim, client) => {
      // The reader's copy: an export, then the changes since it started.
      const since = client.serverNow() - 1
      const copy = new Map<string, Contact>()
      for (const c of await lastValueFrom(listContacts(client, { perPage: 150 }).pipe(toArray()))) copy.set(c.id, c)
      const deletions = new Map<string, number>()
      const reconciled: number[] = []
      const subscription = contactChanges(client, {
        since,
        every: 50,
        lagSeconds: 1,
        reconcile: { everyMs: 1_500, known: copy.keys() },
      }).subscribe((event: ContactSyncEvent) => {
        if (event.kind === 'deletion') {
          deletions.set(event.id, (deletions.get(event.id) ?? 0) + 1)
          copy.delete(event.id)
          reconciled.push(Date.now())
        } else copy.set(event.contact.id, event.contact)
      })
      const leads = sim.contacts.filter((c) => c.role === 'lead').map((c) => c.id)
      const users = sim.contacts.filter((c) => c.role === 'user').map((c) => c.id)
      const merged = leads.slice(0, 20)
      const deleted = [...leads.slice(20, 45), ...users.slice(20, 45)]
      // During the follow: deletions, merges and updates, over a second.
      for (let i = 0; i < 10; i++) {
        sim.deleteContacts(deleted.slice(5 * i, 5 * i + 5))
        for (const [j, lead] of merged.slice(2 * i, 2 * i + 2).entries())
          expect(sim.mergeContacts(lead, users[2 * i + j] ?? '')).to.equal(true)
        sim.updateContacts([users[100 + i] ?? ''])
        await pause(100)
      }
      // A reconciliation after the last of them (every 1.5 s), and the updates settled (1 s of lag).
      await pause(4_000)
      subscription.unsubscribe()
      expect([...deletions.keys()].sort()).to.deep.equal([...merged, ...deleted].sort())
      expect([...deletions.values()].every((n) => n === 1)).to.equal(true)
      // Nothing else changed in the copy: the same contacts, each at its final version.
      const version = (c: Contact): string => `${c.id}@${String(c.updated_at)}`
      expect([...copy.values()].map(version).sort()).to.deep.equal(
        sim.contacts.map((c) => version(c as Contact)).sort(),
      )
    })
  })

  it('a merged lead answers 404 on 2.14 and 410 Gone with a Link to its user from 2.16; reconcile options are checked', async () => {
    await withSimulator({ users: 0, contacts: 50, now: NOW }, async (sim, client) => {
      const lead = sim.contacts.find((c) => c.role === 'lead')?.id ?? ''
      const user = sim.contacts.find((c) => c.role === 'user')?.id ?? ''
      expect(sim.mergeContacts(lead, user)).to.equal(true)
      const view = (version: string) =>
        fetch(`${sim.url}/contacts/${lead}`, {
          headers: { Authorization: `Bearer ${sim.token}`, 'Intercom-Version': version },
        })
      expect((await view('2.14')).status).to.equal(404)
      const gone = await view('2.16')
      expect(gone.status).to.equal(410)
      expect(gone.headers.get('link')).to.equal(`<${sim.url}/contacts/${user}>; rel="merged"`)
      const error = await failureOf(contactChanges(client, { since: NOW, reconcile: { everyMs: 0 } }))
      expect(error._tag).to.equal('InvalidParams')
      expect(sim.requests.filter((r) => r.url.includes('/contacts?') || r.method === 'POST')).to.have.length(0)
    })
  })
})
