// Black-box tests of the built debug adapter (dist/debugAdapter.js, `node scripts/build.mjs`) through
// @vscode/debugadapter-testsupport's DebugClient, as VS Code drives it: programs are written to a
// temporary folder, launched, and inspected with protocol requests only.

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const ADAPTER = path.join(__dirname, '..', '..', 'dist', 'debugAdapter.js');

export interface Fixture {
  readonly dc: DebugClient;
  readonly dir: string;
  /** Writes `source` as `name` in the fixture's folder; returns its path. */
  write(name: string, source: string): string;
}

/** A fresh adapter process and folder per test (mocha hooks). */
export function useAdapter(): Fixture {
  const fixture = { dc: undefined as unknown as DebugClient, dir: '', write: (name: string, source: string) => path.join(fixture.dir, name) && writeTo(fixture.dir, name, source) };
  beforeEach(async () => {
    fixture.dir = mkdtempSync(path.join(tmpdir(), 'memscope-dap-'));
    fixture.dc = new DebugClient('node', ADAPTER, 'memscope');
    fixture.dc.defaultTimeout = 10000;
    await fixture.dc.start();
  });
  afterEach(async () => {
    await fixture.dc.stop();
    rmSync(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}

function writeTo(dir: string, name: string, source: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
}

/** The 1-based line of `source` containing `marker`. */
export function lineOf(source: string, marker: string): number {
  const index = source.split('\n').findIndex((l) => l.includes(marker));
  assert.ok(index >= 0, `marker ${marker} is in the program`);
  return index + 1;
}

/**
 * Launches `program` with breakpoints on `lines` and waits for the first stop; returns the stop event and
 * the stack trace at it.
 */
export async function launchTo(dc: DebugClient, program: string, lines: readonly number[], launch: Record<string, unknown> = {}): Promise<{ stopped: DebugProtocol.StoppedEvent; frames: DebugProtocol.StackFrame[] }> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      if (lines.length) await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: lines.map((line) => ({ line })) });
      await dc.configurationDoneRequest();
    }),
    dc.launch({ program, ...launch }),
  ]);
  const event = await stopped;
  const trace = await dc.stackTraceRequest({ threadId: event.body.threadId ?? 1 });
  return { stopped: event, frames: trace.body.stackFrames };
}

/** Variables of a scope ('Locals', 'Arguments', 'Globals', 'Registers', 'Heap') of a frame, by name. */
export async function scopeVariables(dc: DebugClient, frameId: number, scope: string): Promise<Map<string, DebugProtocol.Variable>> {
  const scopes = await dc.scopesRequest({ frameId });
  const s = scopes.body.scopes.find((x) => x.name === scope);
  assert.ok(s, `frame ${frameId} has a ${scope} scope`);
  const vars = await dc.variablesRequest({ variablesReference: s.variablesReference });
  return new Map(vars.body.variables.map((v) => [v.name, v]));
}

export async function children(dc: DebugClient, variable: DebugProtocol.Variable): Promise<Map<string, DebugProtocol.Variable>> {
  assert.ok(variable.variablesReference > 0, `${variable.name} expands`);
  const vars = await dc.variablesRequest({ variablesReference: variable.variablesReference });
  return new Map(vars.body.variables.map((v) => [v.name, v]));
}

/** Collects every output event's text by category until the session terminates. */
export function collectOutput(dc: DebugClient): { text: (category?: string) => string } {
  const events: DebugProtocol.OutputEvent[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => events.push(e));
  return { text: (category) => events.filter((e) => category === undefined || e.body.category === category).map((e) => e.body.output).join('') };
}

/** A request that must fail: resolves to the error message. */
export async function failure(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  assert.fail('the request was expected to fail');
}
