/**
 * The public API's types, checked by the compiler when the specs build (`npm test` compiles them
 * first): what each stream emits, which parameter combinations compile, the error union, and
 * exact records. A `@ts-expect-error` line fails the build when the error it expects is gone.
 */
import { expect } from 'chai'
import { expectTypeOf } from 'expect-type'
import type { Observable } from 'rxjs'
import * as m from '../lib/index.js'
import {
  allUsers,
  contactChanges,
  createClient,
  listContacts,
  listUsers,
  scrollUsers,
  searchContacts,
  userChanges,
  where,
  type Contact,
  type ContactChange,
  type IntercomError,
  type IntercomErrorTag,
  type ListUsersParams,
  type PullableObservable,
  type User,
  type UserChange,
  type WithUnknownFields,
} from '../lib/index.js'
import { listUserPages, type UserPage } from '../lib/pages.js'

const client = createClient({ token: 't', baseUrl: 'http://127.0.0.1:1' })

describe('the public types', () => {
  it('each stream emits its element type, and is an Observable and an async iterable', () => {
    expectTypeOf(listUsers(client)).toEqualTypeOf<PullableObservable<User>>()
    expectTypeOf(scrollUsers(client)).toEqualTypeOf<PullableObservable<User>>()
    expectTypeOf(allUsers(client)).toEqualTypeOf<PullableObservable<User>>()
    expectTypeOf(listContacts(client)).toEqualTypeOf<PullableObservable<Contact>>()
    expectTypeOf(searchContacts(client, where('role', '=', 'user'))).toEqualTypeOf<PullableObservable<Contact>>()
    expectTypeOf(userChanges(client, { since: 0 })).toEqualTypeOf<PullableObservable<UserChange>>()
    expectTypeOf(contactChanges(client, { since: 0 })).toEqualTypeOf<PullableObservable<ContactChange>>()
    expectTypeOf(listUserPages(client)).toEqualTypeOf<PullableObservable<UserPage>>()
    expectTypeOf(listUsers(client)).toExtend<Observable<User>>()
    expectTypeOf(listUsers(client)).toExtend<AsyncIterable<User>>()
  })

  it('params are a union: email with phone, or a sort with an email, do not compile', () => {
    expectTypeOf<{ email: string }>().toExtend<ListUsersParams>()
    expectTypeOf<{ order: 'asc'; sort: 'updated_at'; perPage: 60 }>().toExtend<ListUsersParams>()
    expectTypeOf<{ email: string; phone: string }>().not.toExtend<ListUsersParams>()
    expectTypeOf<{ email: string; order: 'asc' }>().not.toExtend<ListUsersParams>()
    expectTypeOf<{ order: 'ascending' }>().not.toExtend<ListUsersParams>()
    // @ts-expect-error a filter's operator must fit its field's type: no "contains" on an integer
    where('owner_id', '~', 1)
    // @ts-expect-error IN takes an array
    where('email', 'IN', 'a@b.c')
    expectTypeOf(where('owner_id', 'IN', [1, 2])).toExtend<m.ContactFilter>()
  })

  it('the error union: IntercomError with a tag, narrowed by isIntercomError', () => {
    expectTypeOf<IntercomError['_tag']>().toEqualTypeOf<IntercomErrorTag>()
    expectTypeOf<'InvalidParams'>().toExtend<IntercomErrorTag>()
    expectTypeOf<'NoSuchError'>().not.toExtend<IntercomErrorTag>()
    const e: unknown = new m.IntercomError('RateLimited', 'slow down')
    if (m.isIntercomError(e, 'RateLimited')) expectTypeOf(e._tag).toEqualTypeOf<'RateLimited'>()
    expect(m.isIntercomError(e, 'RateLimited')).to.equal(true)
  })

  it('records have exact known fields; unknown ones are reached on purpose', () => {
    expectTypeOf<User>().toHaveProperty('email')
    expectTypeOf<User>().not.toHaveProperty('emial')
    expectTypeOf<Contact>().toHaveProperty('role')
    expectTypeOf<WithUnknownFields<User>['plan']>().toEqualTypeOf<unknown>()
    const user = { id: 'u1', plan: 'pro' } as User
    // @ts-expect-error a misspelt field does not compile
    void user.emial
    expect((user as WithUnknownFields<User>)['plan']).to.equal('pro')
  })

  it('the index holds at most 25 values, each of them public', () => {
    const keys = Object.keys(m)
    expect(keys.length).to.be.at.most(25)
    expect(keys).to.include.members(['createClient', 'listUsers', 'searchContacts', 'IntercomError', 'VERSION'])
    expect(keys).not.to.include.members(['validateParams', 'listUsersRequest', 'DEFAULT_BASE_URL', 'AUTO_CEILING'])
  })
})
