import { describe, expect, it } from 'vitest'
import { checkSender, type SenderFacts } from './ipc-sender'

const APP = 'app://logdrop'
const good: SenderFacts = {
  frameUrl: 'app://logdrop/index.html',
  isTopFrame: true,
  fromOurWindow: true,
}

describe('checkSender', () => {
  it('trusts the top frame of our window showing our origin', () => {
    expect(checkSender(good, APP)).toEqual({ trusted: true })
    expect(
      checkSender({ ...good, frameUrl: 'http://localhost:5173/' }, 'http://localhost:5173'),
    ).toEqual({ trusted: true })
  })

  it('refuses a missing frame, another window, a sub-frame and foreign origins', () => {
    const cases: ReadonlyArray<readonly [Partial<SenderFacts>, string]> = [
      [{ frameUrl: null }, 'no sender frame'],
      [{ fromOurWindow: false }, 'not our window'],
      [{ isTopFrame: false }, 'sub-frame'],
      [{ frameUrl: 'https://evil.example/' }, 'foreign origin'],
      [{ frameUrl: 'app://logdrop.evil/index.html' }, 'foreign origin'],
      [{ frameUrl: 'file:///tmp/index.html' }, 'foreign origin'],
      [{ frameUrl: 'about:blank' }, 'foreign origin'],
      [{ frameUrl: '' }, 'foreign origin'],
    ]
    for (const [change, reason] of cases) {
      expect(checkSender({ ...good, ...change }, APP), JSON.stringify(change)).toEqual({
        trusted: false,
        reason,
      })
    }
  })
})
