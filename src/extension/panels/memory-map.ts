// The Memory Map panel's host-side identity: its kind and title. It opens beside the editor at the
// first stop of a session (setting memscope.memoryMap.openOnStop) and with memscope.showMemoryMap.

import type { PanelSpec } from './panel';

export const MEMORY_MAP: PanelSpec = { kind: 'memory-map', title: 'memscope: Memory Map' };
