import type { IncomingMessage, ServerResponse } from 'node:http'
import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import { createClient, listUsers, scrollUsers, type FetchLike } from '../../lib/index.js'
import { defaultFetch } from '../../lib/core/client.js'
import { startSimulator } from '../../lib/simulator/index.js'
import { cli, lines } from '../support/cli.js'
import { failureOf } from '../support/failure.js'
import { someUsers, userListBody } from '../support/pages.js'
import { rawServers } from '../support/raw-server.js'
import { FAST_RETRY } from '../support/simulator.js'

const TOKEN = 'tok_version_SECRET'
const VERSION_INVALID = JSON.stringify({
  type: 'error.list',
  errors: [{ code: 'intercom_version_invalid', message: 'Requested resource is not available in current API version' }],
})

/** A workspace of a 2.x app: `/users` answers only a request that asks for 1.x itself. */
const twoXApp = (req: IncomingMessage, res: ServerResponse): void => {
  const version = req.headers['intercom-version']
  res.setHeader('Content-Type', 'application/json')
  if (typeof version !== 'string' || !/^1\.[0-4]$/.test(version)) {
    res.statusCode = 400
    res.end(VERSION_INVALID)
    return
  }
  res.end(userListBody(someUsers(3), 1, 50, 1, null))
}

/** A fetch that sends another version than the client asked for: a listing forced onto 2.14. */
const forcing =
  (version: string): FetchLike =>
  (url, init) =>
    defaultFetch(url, { ...init, headers: { ...init.headers, 'Intercom-Version': version } })

describe('API versions (Intercom-Version)', () => {
  const rawServer = rawServers()

  it('listUsers sends Intercom-Version 1.4 and works against an app that defaults to 2.x', async () => {
    const server = await rawServer(twoXApp)
    const client = createClient({ token: TOKEN, baseUrl: server.url })
    const users = await lastValueFrom(listUsers(client).pipe(toArray()))
    expect(users.map((u) => u.id)).to.deep.equal(['u1', 'u2', 'u3'])
    expect(server.requests.map((r) => r.apiVersion)).to.deep.equal(['1.4'])
  })

  it('a listing forced to send 2.14 fails with UnsupportedApiVersion naming the version and what to do', async () => {
    const server = await rawServer(twoXApp)
    const client = createClient({ token: TOKEN, baseUrl: server.url, fetch: forcing('2.14'), retry: FAST_RETRY })
    const error = await failureOf(listUsers(client))
    expect(error._tag).to.equal('UnsupportedApiVersion')
    expect(error.status).to.equal(400)
    expect(error.code).to.equal('intercom_version_invalid')
    expect(error.message).to.contain('Intercom-Version 1.4')
    expect(error.message).to.contain('1.0 to 1.4')
    // Not retried: the same request would get the same answer.
    expect(server.requests).to.have.length(1)
  })

  it('the client takes another 1.x version and refuses anything else before a request', async () => {
    const server = await rawServer(twoXApp)
    const client = createClient({ token: TOKEN, baseUrl: server.url, apiVersion: '1.2' })
    await lastValueFrom(listUsers(client).pipe(toArray()))
    expect(server.requests.map((r) => r.apiVersion)).to.deep.equal(['1.2'])
    for (const apiVersion of ['2.14', '1.5', '1', 'Preview', '']) {
      expect(() => createClient({ token: TOKEN, baseUrl: server.url, apiVersion }))
        .to.throw(/apiVersion must be one of 1\.0, 1\.1, 1\.2, 1\.3, 1\.4/)
        .with.property('_tag', 'InvalidParams')
    }
  })

  it('the simulator answers /users as a 2.x app does unless the request asks for 1.x', async () => {
    const sim = await startSimulator({ users: 5 })
    const old = await startSimulator({ users: 5, defaultApiVersion: '1.4' })
    try {
      const get = (base: string, version?: string) =>
        fetch(`${base}/users`, {
          headers: {
            Authorization: `Bearer ${sim.token}`,
            ...(version === undefined ? {} : { 'Intercom-Version': version }),
          },
        })
      const refused = await get(sim.url)
      expect(refused.status).to.equal(400)
      expect(((await refused.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).to.equal(
        'intercom_version_invalid',
      )
      expect((await get(sim.url, '2.11')).status).to.equal(400)
      expect((await get(sim.url, '1.4')).status).to.equal(200)
      expect((await get(sim.url, '9.9')).status).to.equal(400)
      expect((await get(old.url)).status).to.equal(200)
      const scroll = await fetch(`${sim.url}/users/scroll`, { headers: { Authorization: `Bearer ${sim.token}` } })
      expect(scroll.status).to.equal(400)
      // The library's scroll names its version too.
      const client = createClient({ token: sim.token, baseUrl: sim.url })
      expect(await lastValueFrom(scrollUsers(client).pipe(toArray()))).to.have.length(5)
      const library = sim.requests.slice(5)
      expect(library.length).to.be.at.least(2)
      expect(library.every((r) => r.apiVersion === '1.4')).to.equal(true)
    } finally {
      await sim.close()
      await old.close()
    }
  })

  it('the CLI lists a 2.x app, and exits 4 with the version named where only 2.x answers', async () => {
    const server = await rawServer(twoXApp)
    const ok = await cli(['--base-url', server.url, '--no-progress'], { INTERCOM_ACCESS_TOKEN: TOKEN })
    expect(ok.code).to.equal(0)
    expect(lines(ok.stdout)).to.have.length(3)
    // A server where 1.x is gone too: every version answers intercom_version_invalid.
    const gone = await rawServer((_req, res) => {
      res.statusCode = 400
      res.setHeader('Content-Type', 'application/json')
      res.end(VERSION_INVALID)
    })
    const refused = await cli(['--base-url', gone.url, '--no-progress'], { INTERCOM_ACCESS_TOKEN: TOKEN })
    expect(refused.code).to.equal(4)
    expect(refused.stderr).to.contain('UnsupportedApiVersion')
    expect(refused.stderr).to.contain('Intercom-Version 1.4')
    const bad = await cli(['--base-url', gone.url, '--api-version', '2.14'], { INTERCOM_ACCESS_TOKEN: TOKEN })
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.contain('--api-version takes 1.0, 1.1, 1.2, 1.3 or 1.4')
    expect(gone.requests).to.have.length(1)
  })
})
