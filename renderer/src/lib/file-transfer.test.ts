import { describe, expect, it } from 'vitest'
import { pathForFileCapability, realPaths } from './file-paths'
import { hostUploadUrl } from './host-upload'
import { downloadUrl } from './save-outcome'

const BASE = 'http://127.0.0.1:5217/Zq1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4a/'

describe('file transfer helpers', () => {
  it('uploads to the host under the page’s secret base', () => {
    expect(hostUploadUrl(BASE, 'my logs #1.csv')).toBe(`${BASE}files?name=my%20logs%20%231.csv`)
  })

  it('downloads only under the same origin', () => {
    expect(downloadUrl('exports/tok123', BASE)).toBe(`${BASE}exports/tok123`)
    expect(() => downloadUrl('https://elsewhere.example/x', BASE)).toThrow(/outside the app/)
  })

  it('offers real paths only when the preload bridge has pathForFile', () => {
    expect(pathForFileCapability(undefined)).toBeNull()
    expect(pathForFileCapability({ invoke: () => undefined })).toBeNull()
    const files = [{ name: 'a' }, { name: 'b' }] as unknown as File[]
    const capability = pathForFileCapability({
      pathForFile: (file: { name: string }) => (file.name === 'a' ? '/logs/a.csv' : ''),
    })
    expect(capability).not.toBeNull()
    if (capability !== null) expect(realPaths(files, capability)).toEqual(['/logs/a.csv'])
  })
})
