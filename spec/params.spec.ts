import { expect } from 'chai'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { type IntercomError } from '../lib/index.js'
import { ListUsersParams, type Query } from '../lib/users/params.js'
import { validateParams } from '../lib/pages.js'

const errorOf = (u: unknown): IntercomError => {
  const result = validateParams(u)
  if (E.isRight(result)) throw new Error(`expected a violation for ${JSON.stringify(u)}`)
  return result.left
}

const queryOf = (u: unknown): Query => {
  const result = validateParams(u)
  if (E.isLeft(result)) throw result.left
  return result.right
}

describe('params', () => {
  it('fills in the defaults for listing all users', () => {
    expect(queryOf(undefined)).to.deep.equal({ kind: 'all', page: 1, perPage: 50, order: 'desc', sort: 'created_at' })
    expect(queryOf({ createdSince: 0, order: 'asc', sort: 'updated_at', page: 3, perPage: 60 })).to.deep.equal({
      kind: 'all',
      page: 3,
      perPage: 60,
      order: 'asc',
      sort: 'updated_at',
      createdSince: 0,
    })
  })

  it('recognises the email and phone shapes', () => {
    expect(queryOf({ email: 'a+b@x.io', perPage: 10 })).to.deep.equal({
      kind: 'email',
      email: 'a+b@x.io',
      page: 1,
      perPage: 10,
    })
    expect(queryOf({ phone: '00353876543210' })).to.deep.equal({
      kind: 'phone',
      phone: '00353876543210',
      page: 1,
      perPage: 50,
    })
  })

  const violations: ReadonlyArray<readonly [string, unknown, string, RegExp]> = [
    ['perPage 0', { perPage: 0 }, 'perPage', /perPage must be an integer from 1 to 60, got 0/],
    ['perPage 61', { perPage: 61 }, 'perPage', /got 61/],
    ['perPage 1.5', { perPage: 1.5 }, 'perPage', /got 1\.5/],
    ['perPage as string', { perPage: '50' }, 'perPage', /got "50"/],
    ['page 0', { page: 0 }, 'page', /page must be an integer >= 1, got 0/],
    ['page NaN', { page: Number.NaN }, 'page', /got NaN/],
    ['order', { order: 'up' }, 'order', /order must be 'asc' or 'desc', got "up"/],
    ['sort', { sort: 'name' }, 'sort', /sort must be one of 'created_at', .*got "name"/],
    ['createdSince -1', { createdSince: -1 }, 'createdSince', /createdSince must be an integer >= 0 \(days\), got -1/],
    [
      'order with email',
      { email: 'a@b.c', order: 'asc' },
      'order',
      /order works only when listing all users, not with email/,
    ],
    ['sort with phone', { phone: '1', sort: 'created_at' }, 'sort', /not with phone/],
    ['createdSince with email', { email: 'a@b.c', createdSince: 3 }, 'createdSince', /not with email/],
    ['email and phone', { email: 'a@b.c', phone: '1' }, 'phone', /email and phone cannot be combined/],
    ['empty email', { email: '' }, 'email', /email must be a non-empty string, got ""/],
    ['blank phone', { phone: '  ' }, 'phone', /phone must be a non-empty string/],
    ['email as number', { email: 42 }, 'email', /got 42/],
    ['unknown parameter', { per_page: 10 }, 'per_page', /unknown parameter 'per_page' \(did you mean 'perPage'\?\)/],
    ['not an object', 'all', 'params', /params must be an object, got "all"/],
  ]
  for (const [name, input, param, message] of violations) {
    it(`refuses ${name}, naming the parameter, the value and what is allowed`, () => {
      const error = errorOf(input)
      expect(error._tag).to.equal('InvalidParams')
      expect(error.param).to.equal(param)
      expect(error.message).to.match(message)
      expect(error.message).to.match(/No request was sent/)
    })
  }

  it('the io-ts codec applies the same rules', () => {
    expect(E.isRight(ListUsersParams.decode({ perPage: 60 }))).to.equal(true)
    const bad = ListUsersParams.decode({ perPage: 61 })
    expect(E.isLeft(bad) && bad.left[0]?.message).to.match(/perPage must be an integer from 1 to 60/)
    expect(ListUsersParams.is({ email: 'x@y.z', order: 'asc' })).to.equal(false)
  })

  it('accepts every valid combination (property)', () => {
    const all = fc.record(
      {
        page: fc.integer({ min: 1, max: 1000 }),
        perPage: fc.integer({ min: 1, max: 60 }),
        order: fc.constantFrom('asc', 'desc'),
        sort: fc.constantFrom('created_at', 'last_request_at', 'signed_up_at', 'updated_at'),
        createdSince: fc.nat(),
      },
      { requiredKeys: [] },
    )
    fc.assert(fc.property(all, (p) => E.isRight(validateParams(p))))
  })

  it('refuses every perPage outside 1..60 (property)', () => {
    const outside = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 61 }), fc.double({ noInteger: true }))
    fc.assert(fc.property(outside, (perPage) => errorOf({ perPage }).param === 'perPage'))
  })
})
