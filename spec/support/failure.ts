import { expect } from 'chai'
import { isObservable, lastValueFrom, type Observable } from 'rxjs'
import { IntercomError } from '../../lib/index.js'

/** The IntercomError a promise rejects with, or an Observable errors with; fails the spec otherwise. */
export const failureOf = async (source: Promise<unknown> | Observable<unknown>): Promise<IntercomError> => {
  try {
    await (isObservable(source) ? lastValueFrom(source, { defaultValue: undefined }) : source)
  } catch (e) {
    expect(e).to.be.instanceOf(IntercomError)
    return e as IntercomError
  }
  throw new Error('expected a failure')
}
