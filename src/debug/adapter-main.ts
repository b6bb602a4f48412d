// The standalone memscope debug adapter (bundled to dist/debugAdapter.js): the protocol on stdin and
// stdout, for the DAP tests and for clients other than VS Code; with `--server=PORT` it listens on a TCP
// port instead, so the adapter can be debugged while VS Code connects to it (debugServer in launch.json).
import { DebugSession } from '@vscode/debugadapter';
import { MemscopeSession } from './session';

DebugSession.run(MemscopeSession);
