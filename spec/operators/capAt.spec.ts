import { expect } from 'chai'
import { TestScheduler } from 'rxjs/testing'
import { capAt, IntercomError } from '../../lib/index.js'

const scheduler = () =>
  new TestScheduler((actual, expected) => {
    expect(actual).to.deep.equal(expected)
  })

describe('capAt', () => {
  it('emits the first n values, then completes and unsubscribes from the source', () => {
    const capped: number[] = []
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a--b--c--d--|')
      expectObservable(source.pipe(capAt(2, { onCap: (n) => capped.push(n) }))).toBe('--a--(b|)')
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
    expect(capped).to.deep.equal([2])
  })

  it('passes a shorter source through and does not call onCap', () => {
    let called = false
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('--a--|').pipe(capAt(2, { onCap: () => (called = true) }))).toBe('--a--|')
    })
    expect(called).to.equal(false)
  })

  it('passes errors through', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('--a--#').pipe(capAt(5))).toBe('--a--#')
    })
  })

  it('capAt(0) completes at once without subscribing', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a--|')
      expectObservable(source.pipe(capAt(0))).toBe('|')
      expectSubscriptions(source.subscriptions).toBe([])
    })
  })

  it('refuses a cap that is not a non-negative integer', () => {
    expect(() => capAt(-1)).not.to.throw()
    expect(() => scheduler().run(({ cold }) => cold('a|').pipe(capAt(-1)))).to.throw(
      IntercomError,
      /non-negative integer/,
    )
  })
})
