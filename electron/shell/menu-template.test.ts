import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { buildMenuTemplate } from './menu-template'

function find(
  items: MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.label === label) return item
    if (Array.isArray(item.submenu)) {
      const inner = find(item.submenu, label)
      if (inner !== undefined) return inner
    }
  }
  return undefined
}

describe('buildMenuTemplate', () => {
  it('has Help → Open logs folder and About wired to the given actions', () => {
    const calls: string[] = []
    const template = buildMenuTemplate('linux', {
      openLogsFolder: () => calls.push('logs'),
      showAbout: () => calls.push('about'),
    })
    const help = template.find((item) => item.role === 'help')
    expect(help).toBeDefined()
    const logs = find(template, 'Open logs folder')
    const about = find(template, 'About LogDrop')
    const click = (item: MenuItemConstructorOptions | undefined) =>
      (item?.click as (() => void) | undefined)?.()
    click(logs)
    click(about)
    expect(calls).toEqual(['logs', 'about'])
    expect(template.map((item) => item.label ?? item.role)).toEqual([
      'File',
      'Edit',
      'View',
      'windowMenu',
      'help',
    ])
  })

  it('starts with the app menu on macOS and hides dev tools outside development', () => {
    const actions = { openLogsFolder: () => undefined, showAbout: () => undefined }
    const mac = buildMenuTemplate('darwin', actions)
    expect(mac[0]?.label).toBe('LogDrop')
    const roles = JSON.stringify(mac)
    expect(roles).not.toContain('toggleDevTools')
    expect(JSON.stringify(buildMenuTemplate('win32', actions, { development: true }))).toContain(
      'toggleDevTools',
    )
  })
})
