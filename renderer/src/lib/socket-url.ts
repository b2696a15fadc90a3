import { SOCKET_PATH } from '../../../shared/ipc/socket-protocol'

/**
 * The browser host's socket URL for a page served at `http://127.0.0.1:PORT/<secret>/`.
 *
 * Resolved against the page's base so the per-launch secret in the path travels with it;
 * the host refuses sockets without it. `https:` pages get `wss:`.
 */
export function socketUrlFor(baseUri: string): string {
  const url = new URL(SOCKET_PATH, baseUri)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.search = ''
  url.hash = ''
  return url.href
}
