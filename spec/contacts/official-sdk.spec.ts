import { expect } from 'chai'
import { IntercomClient } from 'intercom-client-7'
import { lastValueFrom, toArray } from 'rxjs'
import { listContacts, searchContacts, where } from '../../lib/index.js'
import { NOW, withSimulator } from '../support/simulator.js'

/**
 * Intercom's official Node SDK of today (intercom-client 7.x, installed as `intercom-client-7`)
 * run unchanged against the simulator: the simulator answers as Intercom does, and the library
 * reads the same contacts as the SDK.
 */
describe('the official SDK (intercom-client 7.x) against the simulator', () => {
  it('lists every contact with for await: the same contacts as listContacts', async () => {
    await withSimulator({ users: 0, contacts: 700, now: NOW }, async (sim, client) => {
      const sdk = new IntercomClient({ token: sim.token, baseUrl: sim.url })
      const theirs: string[] = []
      for await (const contact of await sdk.contacts.list({ per_page: 150 })) theirs.push(contact.id)
      const ours = await lastValueFrom(listContacts(client, { perPage: 150 }).pipe(toArray()))
      expect(theirs).to.have.length(700)
      expect(ours.map((c) => c.id)).to.deep.equal(theirs)
      // The SDK says its version itself, as the library does.
      expect(new Set(sim.requests.map((r) => r.apiVersion))).to.deep.equal(new Set(['2.14']))
    })
  })

  it('runs a search with for await: the same contacts as searchContacts', async () => {
    await withSimulator({ users: 0, contacts: 700, now: NOW }, async (sim, client) => {
      const sdk = new IntercomClient({ token: sim.token, baseUrl: sim.url })
      const theirs: string[] = []
      const pages = await sdk.contacts.search({
        query: { field: 'role', operator: '=', value: 'lead' },
        pagination: { per_page: 50 },
      })
      for await (const contact of pages) theirs.push(contact.id)
      const ours = await lastValueFrom(
        searchContacts(client, where('role', '=', 'lead'), { perPage: 50 }).pipe(toArray()),
      )
      expect(theirs.length).to.equal(sim.contacts.filter((c) => c.role === 'lead').length)
      expect(ours.map((c) => c.id)).to.deep.equal(theirs)
    })
  })
})
