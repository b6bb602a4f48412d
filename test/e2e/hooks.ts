// Once per `npm run test:e2e`: packs the extension into memscope.vsix (every scenario installs that
// file, as a user would) and makes sure code-server is installed, so the first scenario's time is its own.

import { ensureCodeServer } from '../../scripts/code-server.mjs';
import { packageExtension } from '../../scripts/package.mjs';

export const mochaHooks = {
  beforeAll(this: Mocha.Context): void {
    this.timeout(600000);
    const started = Date.now();
    packageExtension();
    const packaged = Date.now();
    ensureCodeServer();
    console.log(`  setup: packaged in ${((packaged - started) / 1000).toFixed(1)}s, code-server ready in ${((Date.now() - packaged) / 1000).toFixed(1)}s`);
  },
};
