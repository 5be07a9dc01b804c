import { expect } from 'chai'
import { TestScheduler } from 'rxjs/testing'
import { dedupeById, IntercomError } from '../../lib/index.js'

const scheduler = () =>
  new TestScheduler((actual, expected) => {
    expect(actual).to.deep.equal(expected)
  })
const users = { a: { id: 'a' }, b: { id: 'b' }, c: { id: 'c' } }

describe('dedupeById', () => {
  it('drops values whose id was already emitted', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('--a--b--a--c--b--|', users).pipe(dedupeById())).toBe('--a--b-----c-----|', users)
    })
  })

  it('with a window, remembers only the most recent ids', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('--a--b--c--a--c--|', users).pipe(dedupeById({ window: 2 }))).toBe(
        '--a--b--c--a-----|',
        users,
      )
    })
  })

  it('passes errors through and keeps state per subscription', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const deduped = cold('--a--a--#', users).pipe(dedupeById())
      expectObservable(deduped).toBe('--a-----#', users)
      expectObservable(deduped).toBe('--a-----#', users)
    })
  })

  it('remembers hex and other ids exactly across a large stream', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const values = { x: { id: '5123d6aeeda850883ed8ba7c2' }, y: { id: '5123d6aeeda850883ed8ba7c' }, z: { id: 'u-1' } }
      expectObservable(cold('xyzxyz|', values).pipe(dedupeById())).toBe('xyz---|', values)
    })
  })

  it('refuses a window that is not a positive integer', () => {
    expect(() => dedupeById({ window: 0 })).to.throw(IntercomError, /positive integer/)
  })
})
