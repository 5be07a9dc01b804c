import { expect } from 'chai'
import * as E from 'fp-ts/lib/Either.js'
import { lastValueFrom, toArray } from 'rxjs'
import { createClient } from '../../lib/index.js'
import { listUserPages } from '../../lib/pages.js'
import { decodeUserList } from '../../lib/users/user-list.js'
import { rawServers } from '../support/raw-server.js'

/** A page as sent: one user with an odd latitude, one with a `__proto__` key, one plain. */
const SENT = `{"type":"user.list","total_count":3,"pages":{"type":"pages","next":null,"page":1,"per_page":50,"total_pages":1},
"users":[
 {"type":"user","id":"u1","email":"a@x.io","location_data":{"type":"location_data","city_name":"Dublin","latitude":{"deg":53}},"extra":{"kept":true}},
 {"type":"user","id":"u2","__proto__":{"email":"evil@x.io","name":"Mallory","anonymous":true}},
 {"type":"user","id":"u3","name":"Grace"}
]}`

describe('the tolerant decoder does not rewrite users', () => {
  const rawServer = rawServers()

  it('one odd field becomes null with a warning; every other user and field is emitted as sent', async () => {
    const server = await rawServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json')
      res.end(SENT)
    })
    const client = createClient({ token: 'tok', baseUrl: server.url })
    const [page] = await lastValueFrom(listUserPages(client).pipe(toArray()))
    const sent = (JSON.parse(SENT) as { users: Array<Record<string, unknown>> }).users
    expect(page?.warnings).to.have.length(1)
    expect(page?.warnings[0]).to.contain('users.0.location_data.latitude')
    const [u1, u2, u3] = page?.users ?? []
    expect(u1).to.deep.equal({
      ...sent[0],
      location_data: { type: 'location_data', city_name: 'Dublin', latitude: null },
    })
    // No invented fields: keys are exactly those sent.
    expect(Object.keys(u3 ?? {})).to.deep.equal(['type', 'id', 'name'])
    expect(u3).to.deep.equal(sent[2])
    expect(Object.keys(u2 ?? {})).to.deep.equal(['type', 'id', '__proto__'])
  })

  it('a key __proto__ never changes what the other properties read, on the fast path or the tolerant one', () => {
    const fast = JSON.parse(SENT.replace('{"deg":53}', '53')) as unknown
    const slow = JSON.parse(SENT) as unknown
    for (const [path, body] of [
      ['fast', fast],
      ['tolerant', slow],
    ] as const) {
      const decoded = decodeUserList(body)
      if (E.isLeft(decoded)) throw decoded.left
      const u2 = decoded.right.value.users[1] as Record<string, unknown>
      expect(Object.getPrototypeOf(u2), path).to.equal(Object.prototype)
      expect(u2['email'], path).to.equal(undefined)
      expect(u2['name'], path).to.equal(undefined)
      expect(u2['anonymous'], path).to.equal(undefined)
    }
  })
})
