import { expect } from 'chai'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { User, UserList } from '../lib/index.js'
import { ErrorList } from '../lib/core/codecs/error-list.js'
import { StrictUser } from '../lib/users/user.js'
import { StrictUserList } from '../lib/users/user-list.js'
import { Contact, StrictContact } from '../lib/contacts/contact.js'
import { compileGuard } from '../lib/core/codecs/compile-guard.js'
import { decodeWith } from '../lib/core/codecs/decode.js'
import { generateContacts, generateUsers } from '../lib/simulator/index.js'
import { LIST_ALL, LIST_BY_EMAIL, LIST_BY_PHONE } from './fixtures/seed-examples.js'
import { NOW } from './support/simulator.js'

const decodePage = decodeWith(StrictUserList, UserList, 'A page of List Users')

const mustDecode = (u: unknown) => {
  const result = decodePage(u)
  if (E.isLeft(result)) throw result.left
  return result.right
}

const page = (users: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'user.list',
  total_count: users.length,
  users,
  pages: { type: 'pages', next: null, page: 1, per_page: 50, total_pages: 1 },
  ...extra,
})

describe('codecs', () => {
  describe('the seed page examples', () => {
    it('"List all Users" decodes, next pointing at page 2', () => {
      const { value, warnings } = mustDecode(JSON.parse(LIST_ALL))
      expect(value.total_count).to.equal(105)
      expect(value.pages.next).to.equal('https://api.intercom.io/users?per_page=50&page=2')
      expect(value.users[0]?.id).to.equal('530370b477ad7120001d')
      expect(warnings).to.deep.equal([])
    })

    for (const [name, text] of [
      ['List by Email', LIST_BY_EMAIL],
      ['List by Phone', LIST_BY_PHONE],
    ] as const) {
      it(`"${name}" decodes with every field of the three users`, () => {
        const { value, warnings } = mustDecode(JSON.parse(text))
        expect(value.limited).to.equal(false)
        expect(value.pages.next).to.equal(null)
        expect(value.users.map((u) => u.id)).to.deep.equal([
          '45c8eae6fac10f5584e7508e',
          '5123d6aeeda850883ed8ba7c2',
          '789afa0cb781d52fd3044ecc',
        ])
        expect(value.users[0]?.do_not_track).to.equal(null)
        expect(value.users.every((u) => u.email === 'test@test.com')).to.equal(true)
        expect(warnings).to.deep.equal([])
      })
    }
  })

  it('treats an absent next like a null one', () => {
    const body = page([])
    delete (body.pages as { next?: unknown }).next
    expect(mustDecode(body).value.pages.next).to.equal(undefined)
  })

  it('decodes an empty result (users [], total_pages 0)', () => {
    const body = page([], { pages: { type: 'pages', next: null, page: 1, per_page: 50, total_pages: 0 } })
    expect(mustDecode(body).value.users).to.deep.equal([])
  })

  it('decodes every simulated user as it is, with no copy (the fast path)', () => {
    const users = generateUsers(500, 7, NOW)
    const body = page(users)
    const { value, warnings } = mustDecode(body)
    expect(value).to.equal(body)
    expect(warnings).to.deep.equal([])
  })

  it("accepts the variety of Intercom's own fixtures", () => {
    const user = {
      type: 'user',
      id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
      location_data: { type: 'location_data', latitude: '90', longitude: 40.5, timezone: '+1000' },
      social_profiles: {
        type: 'social_profile.list',
        social_profiles: [
          { type: 'social_profile', name: 'Twitter', id: null, username: 'x', url: 'https://twitter.com/x' },
        ],
      },
      companies: {
        type: 'company.list',
        companies: [{ type: 'company', id: '1', name: 'ACME', plan: { name: 'pro' }, custom_attributes: {} }],
      },
      avatar: { type: 'avatar', image_url: 'https://example.com/a.png' },
      custom_attributes: { anything: [1, { nested: true }] },
    }
    const { value, warnings } = mustDecode(page([user]))
    expect(warnings).to.deep.equal([])
    expect(value.users[0]?.location_data?.latitude).to.equal('90')
  })

  it('keeps unknown fields, on the user and on the page', () => {
    const body = page([{ type: 'user', id: 'x1', brand_new_field: { a: 1 } }], { brand_new_top: true })
    const { value } = mustDecode(body)
    expect((value.users[0] as Record<string, unknown>)['brand_new_field']).to.deep.equal({ a: 1 })
    expect((value as Record<string, unknown>)['brand_new_top']).to.equal(true)
  })

  it('an odd descriptive field becomes null with a warning naming its path; the rest is kept', () => {
    const body = page([
      { type: 'user', id: 'ok' },
      { type: 'user', id: 'odd', email: 42, session_count: 3, location_data: { city_name: ['x'] }, extra: 'kept' },
    ])
    const { value, warnings } = mustDecode(body)
    const odd = value.users[1] as Record<string, unknown> & User
    expect(odd.email).to.equal(null)
    expect(odd.session_count).to.equal(3)
    expect(odd.location_data?.city_name).to.equal(null)
    expect(odd['extra']).to.equal('kept')
    expect(warnings).to.deep.equal([
      'users.1.email: expected (string | null), got 42',
      'users.1.location_data.city_name: expected (string | null), got an array',
    ])
  })

  const failures: ReadonlyArray<readonly [string, unknown, string]> = [
    ['a user without id', page([{ type: 'user' }]), 'users.0.id: expected NonEmptyString, got undefined'],
    ['a user with an empty id', page([{ type: 'user', id: '' }]), 'users.0.id: expected NonEmptyString, got ""'],
    ['a user of another type', page([{ type: 'lead', id: 'x' }]), 'users.0.type: expected "user", got "lead"'],
    ['a page without pages', { type: 'user.list', users: [] }, 'pages: expected'],
    [
      'next that is a number',
      page([], { pages: { next: 2, page: 1, per_page: 50, total_pages: 1 } }),
      'pages.next: expected (string | null), got 2',
    ],
    [
      'a fractional page number',
      page([], { pages: { page: 1.5, per_page: 50, total_pages: 1 } }),
      'pages.page: expected Int, got 1.5',
    ],
    ['an error.list', { type: 'error.list', errors: [] }, 'type: expected "user.list", got "error.list"'],
    ['not an object', 'hello', '(root): expected'],
  ]
  for (const [name, body, message] of failures) {
    it(`rejects ${name} with a path-precise DecodeError`, () => {
      const result = decodePage(body)
      expect(E.isLeft(result)).to.equal(true)
      if (E.isLeft(result)) {
        expect(result.left._tag).to.equal('DecodeError')
        expect(result.left.message).to.contain(message)
      }
    })
  }

  it('decodes Intercom error bodies', () => {
    const body = {
      type: 'error.list',
      request_id: 'b2i3mhcboc6pcbe33q80',
      errors: [{ code: 'token_unauthorized', message: 'Not authorized to access resource' }],
    }
    const decoded = ErrorList.decode(body)
    expect(E.isRight(decoded) && decoded.right.errors[0]?.code).to.equal('token_unauthorized')
    expect(E.isRight(ErrorList.decode({ type: 'error.list', errors: [{ code: 'rate_limit_exceeded' }] }))).to.equal(
      true,
    )
  })
})

describe('compileGuard', () => {
  it("answers with the codec's own is where code cannot be compiled at run time (a strict CSP)", () => {
    const original = globalThis.Function
    globalThis.Function = function refused() {
      throw new EvalError('Refused to evaluate a string as JavaScript')
    } as unknown as FunctionConstructor
    let guard: (u: unknown) => boolean
    try {
      guard = compileGuard(StrictUser)
    } finally {
      globalThis.Function = original
    }
    const [user] = generateUsers(1, 3, NOW)
    expect(guard(user)).to.equal(true)
    expect(guard({ ...user, email: 42 })).to.equal(false)
  })

  it("answers as io-ts's is on users, odd users and junk (property)", () => {
    const base = generateUsers(50, 3, NOW)
    const mutated = fc
      .tuple(
        fc.constantFrom(...base),
        fc.constantFrom(...Object.keys(base[0] ?? {}), 'id', 'type', 'location_data'),
        fc.jsonValue(),
      )
      .map(([user, key, value]) => ({ ...user, [key]: value }))
    const nested = fc
      .tuple(fc.constantFrom(...base), fc.jsonValue())
      .map(([user, value]) => ({ ...user, location_data: { ...(user['location_data'] as object), latitude: value } }))
    const value = fc.oneof(fc.constantFrom(...base), mutated, nested, fc.jsonValue(), fc.anything())
    for (const codec of [StrictUser, User]) {
      const guard = compileGuard(codec)
      fc.assert(fc.property(value, (u) => guard(u) === codec.is(u)))
    }
    const contacts = generateContacts(50, 3, NOW)
    const contact = fc.oneof(
      fc.constantFrom(...contacts),
      fc
        .tuple(fc.constantFrom(...contacts), fc.constantFrom(...Object.keys(contacts[0] ?? {})), fc.jsonValue())
        .map(([c, key, v]) => ({ ...c, [key]: v })),
      fc.anything(),
    )
    for (const codec of [StrictContact, Contact]) {
      const guard = compileGuard(codec)
      fc.assert(fc.property(contact, (u) => guard(u) === codec.is(u)))
    }
    const pageGuard = compileGuard(StrictUserList)
    fc.assert(
      fc.property(fc.array(value, { maxLength: 5 }), fc.jsonValue(), (users, next) => {
        const body = page(users, { pages: { page: 1, per_page: 50, total_pages: 1, next } })
        return pageGuard(body) === StrictUserList.is(body)
      }),
    )
  })
})
