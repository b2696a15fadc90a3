/**
 * Renders build/icon.svg into every icon size the packaging targets need, with Debian's Chromium.
 *
 * Outputs build/icons/<N>x<N>.png (Linux), build/icon.png (1024, macOS/Linux source) and
 * build/icon.ico (Windows; PNG-compressed entries 16–256). Run: npx tsx scripts/make-icons.ts
 */
import { chromium } from '@playwright/test'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
const buildDir = join(__dirname, '..', 'build')

/** Packs PNG images into an ICO container (PNG entries are valid since Windows Vista). */
function toIco(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  const entries: Buffer[] = []
  let offset = 6 + 16 * images.length
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size >= 256 ? 0 : size, 0)
    entry.writeUInt8(size >= 256 ? 0 : size, 1)
    entry.writeUInt16LE(1, 4)
    entry.writeUInt16LE(32, 6)
    entry.writeUInt32LE(png.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += png.length
    entries.push(entry)
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)])
}

async function main(): Promise<void> {
  const svg = await readFile(join(buildDir, 'icon.svg'), 'utf8')
  const browser = await chromium.launch({
    executablePath: process.env['LOGDROP_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  const rendered = new Map<number, Buffer>()
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    )
    const png = await page.screenshot({ omitBackground: true })
    rendered.set(size, png)
    await writeFile(join(buildDir, 'icons', `${size}x${size}.png`), png)
    await page.close()
  }
  await browser.close()
  await writeFile(join(buildDir, 'icon.png'), rendered.get(1024) as Buffer)
  await writeFile(
    join(buildDir, 'icon.ico'),
    toIco(ICO_SIZES.map((size) => ({ size, png: rendered.get(size) as Buffer }))),
  )
  console.log(`icons written to ${buildDir}`)
}

void main()
