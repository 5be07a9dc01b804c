import { expect } from 'chai'
import { bar, clock, eta, renderProgress, type Progress } from '../../lib/cli/progress.js'

const at = (p: Partial<Progress>): Progress => ({
  users: 0,
  noun: 'users',
  total: undefined,
  pages: 0,
  requests: 0,
  elapsedMs: 0,
  waits: 0,
  waitedMs: 0,
  waitingMs: undefined,
  ...p,
})

describe('CLI progress bar (pure)', () => {
  it('renders users of the total, pages, requests per second and the ETA at the rate so far', () => {
    const p = at({ users: 4200, total: 10_000, pages: 84, requests: 92, elapsedMs: 4000 })
    expect(eta(p)).to.equal(5524)
    expect(renderProgress(p, 200)).to.equal(
      '[########------------]  4,200/10,000 users  84 pages  23.0 req/s  ETA 0:06',
    )
  })

  it('without a total (the Scroll API) shows counts and the elapsed time, no bar', () => {
    expect(renderProgress(at({ users: 500, pages: 5, requests: 5, elapsedMs: 62_000 }), 200)).to.equal(
      '500 users  5 pages  0.1 req/s  1:02 elapsed',
    )
  })

  it('shows a rate-limit wait in progress, and the waits so far after it', () => {
    const waiting = at({
      users: 10,
      total: 20,
      requests: 1,
      elapsedMs: 1000,
      waits: 1,
      waitedMs: 4000,
      waitingMs: 3200,
    })
    expect(renderProgress(waiting, 200)).to.match(/ {2}rate limit: waiting 3\.2 s$/)
    expect(renderProgress({ ...waiting, waitingMs: undefined }, 200)).to.match(/ {2}waits 1 \(4\.0 s\)$/)
  })

  it('a parallel contacts export: contacts, the range it is at, and what the rate-limit window has left', () => {
    const p = at({
      users: 31_050,
      noun: 'contacts',
      total: 100_000,
      stage: 'range 12 of 57',
      pages: 207,
      requests: 330,
      elapsedMs: 2000,
      windowLeft: 1_336,
    })
    expect(renderProgress(p, 200)).to.equal(
      '[######--------------]  31,050/100,000 contacts  range 12 of 57  207 pages  165.0 req/s (1,336 left this window)  ETA 0:04',
    )
  })

  it('a change stream counts changes, not pages', () => {
    expect(
      renderProgress(at({ users: 12, noun: 'changes', pages: undefined, requests: 3, elapsedMs: 60_000 }), 200),
    ).to.equal('12 changes  0.1 req/s  1:00 elapsed')
  })

  it('never wraps: the line is cut to the columns less one', () => {
    const line = renderProgress(
      at({ users: 1, total: 2, pages: 1, requests: 1, elapsedMs: 1, waits: 3, waitedMs: 9 }),
      40,
    )
    expect(line).to.have.length(39)
  })

  it('bar and clock edges', () => {
    expect(bar(0, 10, 4)).to.equal('[----]')
    expect(bar(10, 10, 4)).to.equal('[####]')
    expect(bar(20, 10, 4)).to.equal('[####]')
    expect(bar(0, 0, 4)).to.equal('[####]')
    expect(clock(3_723_000)).to.equal('1:02:03')
    expect(clock(-5)).to.equal('0:00')
  })
})
