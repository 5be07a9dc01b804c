import { expect } from 'chai'
import { lastValueFrom, toArray, type Observable } from 'rxjs'
import {
  and,
  IntercomError,
  listContacts,
  or,
  searchContacts,
  where,
  type ContactQuery,
  type ContactSort,
} from '../../lib/index.js'
import { searchContactPages } from '../../lib/pages.js'
import type { SimContact } from '../../lib/simulator/index.js'
import { failureOf } from '../support/failure.js'
import { NOW, withSimulator } from '../support/simulator.js'

const all = <A>(source: Observable<A>): Promise<A[]> => lastValueFrom(source.pipe(toArray()))
const ids = (contacts: ReadonlyArray<{ id: string }>): string[] => contacts.map((c) => c.id)
const byCreation = (a: SimContact, b: SimContact): number => a.created_at - b.created_at || (a.id < b.id ? -1 : 1)

describe('searchContacts (POST /contacts/search, API 2.x)', () => {
  it('finds exactly the contacts the query describes, in the default order, over several pages', async () => {
    await withSimulator({ users: 0, contacts: 1_500, now: NOW }, async (sim, client) => {
      const query = and(
        where('role', '=', 'user'),
        or(where('email', '$', '.1@example.com'), where('owner_id', 'IN', [1295])),
      )
      const found = await all(searchContacts(client, query, { perPage: 40 }))
      const want = sim.contacts
        .filter(
          (c) =>
            c.role === 'user' &&
            ((c['email'] as string | null)?.endsWith('.1@example.com') === true || c['owner_id'] === 1295),
        )
        .sort(byCreation)
      expect(want.length).to.be.greaterThan(80)
      expect(ids(found)).to.deep.equal(ids(want))
      expect(sim.requests).to.have.length(Math.ceil(want.length / 40))
    })
  })

  it('resends the identical query, sort and per_page with every cursor, the cursor in the body', async () => {
    await withSimulator({ users: 0, contacts: 600, now: NOW }, async (sim, client) => {
      const query = where('role', '=', 'lead')
      const sort = { field: 'updated_at', order: 'desc' } as const
      const pages = await all(searchContactPages(client, query, { sort, perPage: 30 }))
      expect(pages.length).to.be.greaterThan(3)
      const bodies = sim.requests.map((r) => r.body as { pagination: { starting_after?: string } })
      for (const [i, r] of sim.requests.entries()) {
        expect(r.method).to.equal('POST')
        expect(new URL(r.url).search).to.equal('')
        expect(r.apiVersion).to.equal('2.14')
        const { starting_after: cursor, ...pagination } = bodies[i]?.pagination ?? {}
        // The library's order words sent in the search's own.
        expect({ ...bodies[i], pagination }).to.deep.equal({
          query,
          sort: { field: 'updated_at', order: 'descending' },
          pagination: { per_page: 30 },
        })
        expect(cursor).to.equal(i === 0 ? undefined : (pages[i - 1]?.startingAfter ?? 'missing'))
      }
      const leads = sim.contacts.filter((c) => c.role === 'lead')
      expect(pages.flatMap((p) => ids(p.contacts)).sort()).to.deep.equal(ids(leads).sort())
    })
  })

  const refused: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    [
      '3 levels of nesting',
      and(or(and(where('role', '=', 'user'), where('role', '=', 'lead')))),
      /query\.value\[0\]\.value\[0\] nests 3 levels deep/,
    ],
    [
      '16 filters in a group',
      or(...Array.from({ length: 16 }, (_, i) => where('email', '=', `a${i}@x.io`))),
      /query\.value holds 16 filters; Intercom allows at most 15/,
    ],
    [
      "'<=' on a date",
      { field: 'created_at', operator: '<=', value: 1 },
      /query\.operator "<=" is not allowed on created_at .*write '<=' as or/,
    ],
    [
      "'~' on an integer",
      and(where('role', '=', 'user'), { field: 'owner_id', operator: '~', value: '1' } as never),
      /query\.value\[1\]\.operator "~" is not allowed on owner_id/,
    ],
    [
      'an unknown field',
      { field: 'plan', operator: '=', value: 'pro' },
      /query\.field 'plan' is not a searchable field/,
    ],
    [
      'IN without an array',
      { field: 'email', operator: 'IN', value: 'a@x.io' },
      /query\.value IN takes a non-empty array/,
    ],
    [
      'a value of the wrong type',
      { field: 'has_hard_bounced', operator: '=', value: 'yes' },
      /query\.value must be a boolean/,
    ],
    ...['constructor', '__proto__', 'toString', 'valueOf'].map(
      (field) =>
        [
          `a field named ${field} (as a typed error)`,
          JSON.parse(`{"field":"${field}","operator":"=","value":"x"}`) as unknown,
          new RegExp(`query\\.field '${field}' is not a searchable field`),
        ] as const,
    ),
    [
      'a date of 1e20',
      { field: 'created_at', operator: '>', value: 1e20 },
      /query\.value must be Unix seconds \(an integer from 0 to/,
    ],
    [
      '1,000 OR groups of 15 filters (856 KB)',
      or(
        ...Array.from({ length: 1_000 }, (_, g) =>
          and(...Array.from({ length: 15 }, (_, i) => where('email', '=', `a${g}-${i}@example.com`))),
        ),
      ),
      /query holds 15000 filters; this library sends at most 240/,
    ],
  ]
  for (const [what, query, message] of refused) {
    it(`refuses ${what} before sending, naming the path`, async () => {
      await withSimulator({ users: 0, contacts: 10, now: NOW }, async (sim, client) => {
        const error = await failureOf(searchContacts(client, query as ContactQuery))
        expect(error).to.be.instanceOf(IntercomError)
        expect(error._tag).to.equal('InvalidParams')
        expect(error.message).to.match(message)
        expect(error.message).to.contain('No request was sent')
        expect(sim.requests).to.have.length(0)
      })
    })
  }

  it("takes one order vocabulary with List Users ('asc' | 'desc'): the search's own words are refused, naming the ones to use", async () => {
    await withSimulator({ users: 0, contacts: 10, now: NOW }, async (sim, client) => {
      const sort = { field: 'created_at', order: 'descending' } as unknown as ContactSort
      const error = await failureOf(searchContacts(client, where('role', '=', 'user'), { sort }))
      expect(error._tag).to.equal('InvalidParams')
      expect(error.message).to.match(
        /sort\.order must be 'asc' or 'desc' \(sent to Intercom as ascending or descending\)/,
      )
      expect(sim.requests).to.have.length(0)
    })
  })

  it('refuses what TypeScript can say at compile time', () => {
    // Each line below would compile only if the type allowed it; the compiler checks the directive.
    // @ts-expect-error dates take = < > only
    const a = where('created_at', '<=', 1)
    // @ts-expect-error an integer field has no 'contains'
    const b = where('owner_id', '~', '1')
    // @ts-expect-error IN takes an array
    const c = where('email', 'IN', 'a@x.io')
    // @ts-expect-error tag_id takes = and != only
    const d = where('tag_id', 'IN', ['1'])
    // @ts-expect-error a boolean field takes a boolean
    const e = where('has_hard_bounced', '=', 'yes')
    expect([a, b, c, d, e].map((q) => q.operator)).to.deep.equal(['<=', '~', 'IN', 'IN', '='])
    expect(where('custom_attributes.plan', '=', 'pro')).to.deep.equal({
      field: 'custom_attributes.plan',
      operator: '=',
      value: 'pro',
    })
  })

  it("matches dates by calendar day in the workspace's time zone", async () => {
    await withSimulator({ users: 0, contacts: 400, now: NOW, timeZone: 'Pacific/Auckland' }, async (sim, client) => {
      const day = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Pacific/Auckland',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      })
      const dayOf = (s: number): string => day.format(new Date(s * 1000))
      const pivot = [...sim.contacts].sort(byCreation)[200]
      const after = await all(searchContacts(client, where('created_at', '>', pivot.created_at - 1)))
      // Not the second after pivot - 1, but the days after its day: the pivot itself is not matched.
      expect(ids(after)).to.not.include(pivot.id)
      expect(ids(after).sort()).to.deep.equal(
        ids(sim.contacts.filter((c) => dayOf(c.created_at) > dayOf(pivot.created_at - 1))).sort(),
      )
      const same = await all(searchContacts(client, where('created_at', '=', pivot.created_at)))
      expect(ids(same)).to.include(pivot.id)
      expect(same.every((c) => dayOf(c.created_at as number) === dayOf(pivot.created_at))).to.equal(true)
    })
  })

  it('lags behind writes: a contact created a moment ago is listed but not found yet', async () => {
    await withSimulator({ users: 0, contacts: 50, now: NOW, searchLagMs: 60_000 }, async (sim, client) => {
      const fresh = sim.createContacts(3)
      const found = await all(searchContacts(client, where('id', 'IN', ids(fresh))))
      expect(found).to.deep.equal([])
      const listed = await all(listContacts(client, { perPage: 150 }))
      expect(ids(listed)).to.include.members(ids(fresh))
    })
  })
})
