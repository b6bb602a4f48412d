// The panel's line to the extension host: VS Code gives each webview one `acquireVsCodeApi()` object
// with postMessage and a small persisted state (kept across reloads and tab switches, read back by the
// panel serializer). Only `PanelMessage`s go out; the state is a plain JSON object per panel.

import type { PanelMessage } from '../protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export class HostLink {
  private readonly api: VsCodeApi;

  constructor() {
    this.api = acquireVsCodeApi();
  }

  post(message: PanelMessage): void {
    this.api.postMessage(message);
  }

  /** The state saved before a reload, if it has the expected shape's marker. */
  restore<T extends object>(panel: string): Partial<T> {
    const state = this.api.getState();
    if (typeof state !== 'object' || state === null) return {};
    const s = state as { panel?: unknown; view?: unknown };
    return s.panel === panel && typeof s.view === 'object' && s.view !== null ? (s.view as Partial<T>) : {};
  }

  save(panel: string, view: object): void {
    this.api.setState({ panel, view });
  }
}
