// The Paging panel's host-side identity: its kind and title. It opens with memscope.showPaging; it
// receives every page walk the Memory Map asks for.

import type { PanelSpec } from './panel';

export const PAGING: PanelSpec = { kind: 'paging', title: 'memscope: Paging' };
