import { describe, expect, it } from 'vitest'
import { DEFAULT_WEB_PORT, readPortSetting } from './port-setting'

describe('readPortSetting', () => {
  it('defaults to the fixed port, which may fall back', () => {
    expect(readPortSetting([], {})).toEqual({ ok: true, port: DEFAULT_WEB_PORT, explicit: false })
    expect(readPortSetting([], { LOGDROP_PORT: '' })).toMatchObject({ explicit: false })
  })

  it('takes --port over LOGDROP_PORT, both explicit', () => {
    expect(readPortSetting(['--port', '6000'], { LOGDROP_PORT: '7000' })).toEqual({
      ok: true,
      port: 6000,
      explicit: true,
    })
    expect(readPortSetting(['--port=0'], {})).toEqual({ ok: true, port: 0, explicit: true })
    expect(readPortSetting([], { LOGDROP_PORT: '7000' })).toEqual({
      ok: true,
      port: 7000,
      explicit: true,
    })
  })

  it('refuses junk with a message', () => {
    for (const args of [['--port', 'abc'], ['--port', '70000'], ['--port', '-1'], ['--bogus']]) {
      expect(readPortSetting(args, {}).ok, args.join(' ')).toBe(false)
    }
    expect(readPortSetting([], { LOGDROP_PORT: '1e3' }).ok).toBe(false)
  })
})
