/**
 * Random JSON-like text for the direct writer's differential tests: valid and broken JSON with
 * the forms that JSON.parse accepts but JSON.stringify writes differently (whitespace, escapes,
 * numbers, duplicate and integer-like keys). Seeded, so a failure can be replayed.
 */

export type Random = () => number

/** A small seeded generator (mulberry32). */
export function seeded(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

const NUMBERS = [
  '0',
  '-0',
  '7',
  '-12',
  '1.5',
  '1.50',
  '0.25',
  '-0.5',
  '-0.0',
  '1e5',
  '1E-3',
  '2.5e+3',
  '0.000001',
  '0.0000001',
  '123456789012345',
  '1234567890123456',
  '12345678901234567890',
  '2147483647',
  '2147483648',
  '-2147483648',
  '-2147483649',
  '100',
  '0.1',
  '3.141592653589793',
  '1.23456789012345',
  '9007199254740993',
  '1e400',
  '104.575',
  '99999999999999.9',
]
const BROKEN_NUMBERS = ['01', '1.', '.5', '-', '+1', '1e', '0x10', 'NaN', 'Infinity']
const STRING_PARTS = [
  'a',
  'host-1',
  ' ',
  '\\"',
  '\\\\',
  '\\/',
  '\\n',
  '\\t',
  '\\r',
  '\\b',
  '\\f',
  '\\u00e9',
  '\\u001f',
  '\\u001F',
  '\\ud83d\\ude00',
  '\\ud800',
  'é',
  '€',
  '😀',
  '{',
  '[',
  '}',
  ']',
  'true',
  '0',
  ':',
  ',',
  '\u2028',
  '\u007f',
  '2024-03-04T05:06:07.123Z',
]
const BROKEN_STRING_PARTS = ['\\x', '\\u12', '\t', '\u0001', '\\']
const KEYS = [
  'a',
  'b',
  'host',
  'level',
  '1',
  '0',
  '01',
  '-1',
  '__proto__',
  'toString',
  'é',
  'a\\"b',
]

export function randomNumber(random: Random, broken = 0): string {
  return random() < broken ? pick(random, BROKEN_NUMBERS) : pick(random, NUMBERS)
}

export function randomString(random: Random, broken = 0): string {
  let text = ''
  const parts = Math.floor(random() * 4)
  for (let i = 0; i < parts; i++) {
    text += random() < broken ? pick(random, BROKEN_STRING_PARTS) : pick(random, STRING_PARTS)
  }
  return `"${text}"`
}

function space(random: Random, chance: number): string {
  return random() < chance ? pick(random, [' ', '\t', '\r\n', '  ']) : ''
}

/** A random JSON value; `broken` is the chance of each invalid part, `spaced` of whitespace. */
export function randomValue(random: Random, depth = 0, broken = 0, spaced = 0.1): string {
  const roll = random()
  if (depth < 3 && roll < 0.15) {
    const items = Math.floor(random() * 4)
    const parts: string[] = []
    for (let i = 0; i < items; i++) {
      parts.push(space(random, spaced) + randomValue(random, depth + 1, broken, spaced))
    }
    return `[${parts.join(',')}${space(random, spaced)}]`
  }
  if (depth < 3 && roll < 0.3) return randomObject(random, depth + 1, broken, spaced)
  if (roll < 0.5) return randomNumber(random, broken)
  if (roll < 0.8) return randomString(random, broken)
  return pick(random, ['true', 'false', 'null', ...(random() < broken ? ['tru', 'nul'] : [])])
}

export function randomObject(random: Random, depth = 0, broken = 0, spaced = 0.1): string {
  const count = Math.floor(random() * 5)
  const parts: string[] = []
  for (let i = 0; i < count; i++) {
    const key = random() < 0.8 ? `"${pick(random, KEYS)}"` : randomString(random, broken)
    parts.push(
      `${space(random, spaced)}${key}${space(random, spaced)}:${space(random, spaced)}${randomValue(random, depth, broken, spaced)}`,
    )
  }
  return `{${parts.join(',')}${space(random, spaced)}}`
}

/** Breaks valid text now and then: a byte dropped, doubled or replaced. */
export function mutate(random: Random, text: string): string {
  if (text.length === 0) return text
  const at = Math.floor(random() * text.length)
  const roll = random()
  if (roll < 0.33) return text.slice(0, at) + text.slice(at + 1)
  if (roll < 0.66) return text.slice(0, at) + text[at] + text.slice(at)
  return text.slice(0, at) + pick(random, ['"', ',', '}', ']', ':', '\\', 'x']) + text.slice(at + 1)
}
