import { expect } from 'chai'
import { TestScheduler } from 'rxjs/testing'
import { IntercomError, pace } from '../../lib/index.js'

const scheduler = () =>
  new TestScheduler((actual, expected) => {
    expect(actual).to.deep.equal(expected)
  })

describe('pace', () => {
  it('delays values beyond count per window, in order, dropping none', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('(abcd|)').pipe(pace({ count: 2, perMs: 10 }))).toBe('(ab) 6ms (cd|)')
    })
  })

  it('lets a slow stream through untouched', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a 9ms b 9ms c|').pipe(pace({ count: 1, perMs: 10 }))).toBe('a 9ms b 9ms c|')
    })
  })

  it('paces a burst one at a time in a sliding window', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('(abc|)').pipe(pace({ count: 1, perMs: 5 }))).toBe('a 4ms b 4ms (c|)')
    })
  })

  it('passes errors through at once when nothing waits', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a--#').pipe(pace({ count: 1, perMs: 10 }))).toBe('a--#')
    })
  })

  it('refuses a pace that is not positive', () => {
    expect(() => pace({ count: 0, perMs: 10 })).to.throw(IntercomError, /count an integer >= 1/)
    expect(() => pace({ count: 1, perMs: 0 })).to.throw(IntercomError)
  })
})
