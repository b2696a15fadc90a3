import { resolve } from 'node:path'

/** The repository root (where package.json is), for launching the built app. */
export const REPO_ROOT = resolve(__dirname, '..', '..')
