/**
 * Loads `jose`, which ships only as an ES module, from this CommonJS code.
 *
 * A dynamic `import()` stays an `import()` in tsc's node16 CommonJS output, so it works under
 * tsx, vitest and the compiled `dist/` build alike.
 */
// typescript-eslint types an `import()` type with a resolution-mode attribute as an error type;
// tsc resolves it (npm run typecheck checks this file).
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
export type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } })

let loading: Promise<Jose> | undefined

/** Returns the `jose` module, importing it once. */
export function loadJose(): Promise<Jose> {
  loading ??= import('jose')
  return loading
}
