import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { VERSION } from '../lib/index.js'
import { listUsersRequest } from '../lib/users/requests.js'
import { validateParams } from '../lib/pages.js'
import { type Query } from '../lib/users/params.js'
import { isUnderBaseUrl } from '../lib/core/http-request.js'

const query = (u: unknown): Query => {
  const q = validateParams(u)
  if (E.isLeft(q)) throw q.left
  return q.right
}

describe('request builders', () => {
  it('builds GET /users with Intercom parameter names and the headers but the token', () => {
    const request = listUsersRequest(
      'https://api.intercom.io/',
      query({ perPage: 60, sort: 'updated_at', createdSince: 7 }),
    )
    expect(request).to.deep.equal({
      method: 'GET',
      url: 'https://api.intercom.io/users?page=1&per_page=60&order=desc&sort=updated_at&created_since=7',
      headers: { Accept: 'application/json', 'User-Agent': `intercom-rx/${VERSION}`, 'Intercom-Version': '1.4' },
    })
  })

  it('percent-encodes an email so that + reaches the server as +, not a space', () => {
    const request = listUsersRequest('https://api.intercom.io', query({ email: 'a+b c@x.io' }))
    expect(request.url).to.equal('https://api.intercom.io/users?email=a%2Bb%20c%40x.io&page=1&per_page=50')
    expect(new URL(request.url).searchParams.get('email')).to.equal('a+b c@x.io')
  })

  it('round-trips any email and phone through the URL (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim().length > 0),
        (value) => {
          const byEmail = new URL(listUsersRequest('http://h', query({ email: value })).url)
          const byPhone = new URL(listUsersRequest('http://h', query({ phone: value })).url)
          return byEmail.searchParams.get('email') === value && byPhone.searchParams.get('phone') === value
        },
      ),
    )
  })

  it('is pure: the same query gives the same request', () => {
    const q = query({ order: 'asc' })
    expect(listUsersRequest('http://h', q)).to.deep.equal(listUsersRequest('http://h', q))
  })

  it('says which URLs are under the base URL', () => {
    expect(isUnderBaseUrl('https://api.intercom.io/users?page=2', 'https://api.intercom.io')).to.equal(true)
    expect(isUnderBaseUrl('https://api.intercom.io.evil.com/users', 'https://api.intercom.io')).to.equal(false)
    expect(isUnderBaseUrl('http://api.intercom.io/users', 'https://api.intercom.io')).to.equal(false)
    expect(isUnderBaseUrl('https://x@api.intercom.io/users', 'https://api.intercom.io')).to.equal(false)
    expect(isUnderBaseUrl('http://h/proxy/intercom/users', 'http://h/proxy/intercom/')).to.equal(true)
    expect(isUnderBaseUrl('http://h/proxy/other/users', 'http://h/proxy/intercom')).to.equal(false)
    expect(isUnderBaseUrl('not a url', 'http://h')).to.equal(false)
  })

  it('sends the package version in the User-Agent', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(VERSION).to.equal(pkg.version)
  })
})
