// Entry point of the webview bundle (dist/webview.js), shared by both panels: the page's
// `data-panel` attribute says which one to build. Host messages arrive as window `message` events;
// snapshots and deltas go through `applyUpdate` into a new picture that the panel draws. A delta this
// panel cannot apply makes it ask the host for the whole snapshot. It starts by telling the host it is
// ready, which is also how a panel restored after a reload gets its first snapshot.

import type { HostMessage, PanelKind } from '../protocol/messages';
import { HostLink } from './host';
import { installIcons } from './icons';
import { applyUpdate, type Picture } from './picture';
import { MemoryMapPanel } from './memory-map/panel';
import { PagingPanel } from './paging/panel';

function start(): void {
  const panel: PanelKind = document.body.dataset.panel === 'paging' ? 'paging' : 'memory-map';
  const root = document.getElementById('root') ?? document.body;
  installIcons();
  const host = new HostLink();
  const view = panel === 'paging' ? new PagingPanel(root, host) : new MemoryMapPanel(root, host);
  let picture: Picture | null = null;

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data as HostMessage;
    if (typeof message !== 'object' || message === null || typeof message.kind !== 'string') return;
    switch (message.kind) {
      case 'snapshot':
      case 'delta': {
        const result = applyUpdate(picture, message);
        switch (result.kind) {
          case 'ok':
            picture = result.picture;
            view.show(picture);
            document.body.dataset.step = String(picture.snapshot.step);
            break;
          case 'out-of-sync':
            host.post({ kind: 'resync', panel });
            break;
          case 'bad-version':
            view.session({ kind: 'problem', name: 'memscope', message: `snapshot version ${result.version} is not supported by this panel` });
            break;
          default: {
            const never: never = result;
            return never;
          }
        }
        break;
      }
      case 'session':
        view.session(message.status);
        break;
      case 'walk':
        if (view instanceof PagingPanel) view.showWalk(message);
        else view.walk(message);
        break;
      case 'highlight':
        view.highlight(message);
        break;
      default: {
        const never: never = message;
        return never;
      }
    }
  });
  host.post({ kind: 'ready', panel, step: null });
}

start();
