import { describe, expect, it } from 'vitest'
import { socketUrlFor } from './socket-url'

describe('socketUrlFor', () => {
  it('keeps the secret path of the page and switches to ws:', () => {
    expect(socketUrlFor('http://127.0.0.1:5173/s3cr3t/')).toBe('ws://127.0.0.1:5173/s3cr3t/ws')
  })

  it('ignores the page file, query and hash', () => {
    expect(socketUrlFor('http://127.0.0.1:8080/abc/index.html?x=1#settings')).toBe(
      'ws://127.0.0.1:8080/abc/ws',
    )
  })

  it('uses wss: for an https page', () => {
    expect(socketUrlFor('https://localhost/abc/')).toBe('wss://localhost/abc/ws')
  })
})
