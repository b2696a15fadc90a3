// A lint rule for the boundaries between programs, hosts, layers and threads: an import is
// resolved to the folder it reaches, and each zone names the folders its files may not reach.
// `no-restricted-imports` matches specifier text, which cannot tell `../main/x` from another
// folder's `main`; this rule compares resolved paths instead. It is about what a thread or
// program loads at run time, so type-only imports are free.
import { dirname, relative, resolve, sep } from 'node:path'

/** True when `path` (relative to the root, `/`-separated) is `folder` or inside it. */
function isInside(path, folder) {
  return path === folder || path.startsWith(`${folder}/`)
}

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the boundaries of docs/ARCHITECTURE.md.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          zones: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'array', items: { type: 'string' } },
                forbid: { type: 'array', items: { type: 'string' } },
                allow: { type: 'array', items: { type: 'string' } },
                message: { type: 'string' },
              },
              required: ['from', 'forbid', 'message'],
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'zones'],
        additionalProperties: false,
      },
    ],
    messages: { forbidden: '{{message}} ({{target}})' },
  },
  create(context) {
    const { root, zones } = context.options[0]
    const file = relative(root, context.filename).split(sep).join('/')
    const mine = zones.filter((zone) => zone.from.some((folder) => isInside(file, folder)))
    if (mine.length === 0) return {}

    function check(node, specifier) {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return
      const target = relative(root, resolve(dirname(context.filename), specifier))
        .split(sep)
        .join('/')
      for (const zone of mine) {
        if ((zone.allow ?? []).some((folder) => isInside(target, folder))) continue
        if (zone.forbid.some((folder) => isInside(target, folder))) {
          context.report({ node, messageId: 'forbidden', data: { message: zone.message, target } })
          return
        }
      }
    }

    const isTypeOnly = (node) =>
      node.importKind === 'type' ||
      node.exportKind === 'type' ||
      (node.specifiers?.length > 0 &&
        node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'))

    return {
      ImportDeclaration: (node) => isTypeOnly(node) || check(node.source, node.source.value),
      ExportNamedDeclaration: (node) =>
        node.source === null || isTypeOnly(node) || check(node.source, node.source.value),
      ExportAllDeclaration: (node) => isTypeOnly(node) || check(node.source, node.source.value),
      ImportExpression: (node) =>
        node.source.type === 'Literal' && check(node.source, node.source.value),
    }
  },
}
