// A TypeDoc plugin for `npm run docs`. PullableObservable inherits its methods' comments from
// RxJS's Observable, whose `{@link timeout}`-style links name RxJS symbols that are not part of
// this API, so TypeDoc cannot resolve them and (warnings being errors) fails. Inherited links
// that point at nothing documented here become links to the RxJS reference instead.
import { Converter } from 'typedoc'

const RXJS_API = {
  timeout: 'https://rxjs.dev/api/operators/timeout',
  take: 'https://rxjs.dev/api/operators/take',
  takeWhile: 'https://rxjs.dev/api/operators/takeWhile',
  takeUntil: 'https://rxjs.dev/api/operators/takeUntil',
  firstValueFrom: 'https://rxjs.dev/api/index/function/firstValueFrom',
  lastValueFrom: 'https://rxjs.dev/api/index/function/lastValueFrom',
}

const rewrite = (parts) =>
  parts.map((part) =>
    part.kind === 'inline-tag' && part.tag === '@link' && Object.hasOwn(RXJS_API, part.text.trim())
      ? { kind: 'text', text: `[\`${part.text.trim()}\`](${RXJS_API[part.text.trim()]})` }
      : part,
  )

/** @param {import('typedoc').Application} app */
export const load = (app) => {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      const owner = reflection.parent
      if (reflection.inheritedFrom === undefined && owner?.inheritedFrom === undefined) continue
      const comment = reflection.comment
      if (comment === undefined) continue
      comment.summary = rewrite(comment.summary)
      for (const tag of comment.blockTags) tag.content = rewrite(tag.content)
    }
  })
}
