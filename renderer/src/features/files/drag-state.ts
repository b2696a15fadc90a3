/**
 * Whether files are being dragged over the window. Browsers send dragenter/dragleave for every
 * child element crossed, so a depth counter (not a flag) tells when the drag really left.
 */
export interface DragState {
  readonly depth: number
}

export type DragEvent =
  | { readonly type: 'enter'; readonly hasFiles: boolean }
  | { readonly type: 'leave' }
  | { readonly type: 'drop' }
  | { readonly type: 'cancel' }

export const NO_DRAG: DragState = { depth: 0 }

export function dragReducer(state: DragState, event: DragEvent): DragState {
  switch (event.type) {
    case 'enter':
      return event.hasFiles ? { depth: state.depth + 1 } : state
    case 'leave':
      return state.depth === 0 ? state : { depth: state.depth - 1 }
    case 'drop':
    case 'cancel':
      return NO_DRAG
  }
}

/** True while the overlay should show. */
export function isDragging(state: DragState): boolean {
  return state.depth > 0
}

/** True when a drag carries files (not text or a link). */
export function carriesFiles(types: readonly string[]): boolean {
  return types.includes('Files')
}
