// What the memscope adapter can do, as the `initialize` response tells VS Code; each flag with what it
// turns on in the editor.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { EXCEPTION_FILTERS } from './exceptions';

export const CAPABILITIES: DebugProtocol.Capabilities = {
  // VS Code sends the breakpoints, then configurationDone, before the program starts.
  supportsConfigurationDoneRequest: true,
  // Breakpoints on a function name (Breakpoints view "+"), malloc included.
  supportsFunctionBreakpoints: true,
  // Breakpoint conditions and hit counts, and logpoints (messages with {expressions}).
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  // The editor shows the lines and columns where a breakpoint can go.
  supportsBreakpointLocationsRequest: true,
  // Breakpoints on instructions in the Disassembly view.
  supportsInstructionBreakpoints: true,
  // Watch a variable or any address range for reads and writes.
  supportsDataBreakpoints: true,
  supportsDataBreakpointBytes: true,
  // Hovers evaluate C expressions and show pointer verdicts.
  supportsEvaluateForHovers: true,
  // "Set Value" in the Variables view and in watches.
  supportsSetVariable: true,
  supportsSetExpression: true,
  // The debug console completes variable names and the memscope commands.
  supportsCompletionsRequest: true,
  completionTriggerCharacters: [':', '.', '>'],
  // The memory-error filters in the Breakpoints view, each with an optional condition.
  exceptionBreakpointFilters: EXCEPTION_FILTERS.map((f) => ({ filter: f.id, label: f.label, description: f.description, default: f.enabled, supportsCondition: true, conditionDescription: 'a C expression in the stopped frame, e.g. i > 3' })),
  supportsExceptionFilterOptions: true,
  // The exception widget shows valgrind's details: access, block, allocation and free sites.
  supportsExceptionInfoRequest: true,
  // Step by statement, by line, or by machine instruction (Disassembly view).
  supportsSteppingGranularity: true,
  // Memory view, binary editor, and the Disassembly view of the real text bytes.
  supportsReadMemoryRequest: true,
  supportsWriteMemoryRequest: true,
  supportsDisassembleRequest: true,
  // "Hex" display of values.
  supportsValueFormattingOptions: true,
  // Restart recompiles and starts again without a new session; terminate ends the program.
  supportsRestartRequest: true,
  supportsTerminateRequest: true,
  // Deep recursions: VS Code asks for frames page by page.
  supportsDelayedStackTraceLoading: true,
  // "Copy Value" uses the same evaluation as watches.
  supportsClipboardContext: true,
};
