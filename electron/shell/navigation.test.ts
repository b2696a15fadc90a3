import { describe, expect, it } from 'vitest'
import { decideNavigation } from './navigation'

describe('decideNavigation', () => {
  it('allows pages of the app origin only', () => {
    expect(decideNavigation('app://logdrop/index.html#/files', 'app://logdrop')).toBe('allow')
    expect(decideNavigation('http://localhost:5173/', 'http://localhost:5173')).toBe('allow')
  })

  it('denies every other place, including look-alikes', () => {
    const app = 'app://logdrop'
    for (const url of [
      'https://login.microsoftonline.com/',
      'https://example.com/app://logdrop',
      'app://logdrop.example/index.html',
      'app://other/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'about:blank',
      '',
    ]) {
      expect(decideNavigation(url, app), url).toBe('deny')
    }
    expect(decideNavigation('http://localhost:5174/', 'http://localhost:5173')).toBe('deny')
  })
})
