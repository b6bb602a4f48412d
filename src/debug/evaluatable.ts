// Hovers while debugging: VS Code asks which text under the mouse to evaluate; for C it is the whole
// member chain (`p->next->val`), which VS Code's default word rule would cut at `->`. The adapter then
// evaluates it (context 'hover') and answers the value with the pointer's verdict.

import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../protocol/messages';
import { expressionAt } from './source-expressions';

export function registerEvaluatableExpressions(context: vscode.ExtensionContext, selector: vscode.DocumentSelector): void {
  context.subscriptions.push(
    vscode.languages.registerEvaluatableExpressionProvider(selector, {
      provideEvaluatableExpression(document, position) {
        if (vscode.debug.activeDebugSession?.type !== DEBUG_TYPE) return undefined;
        const found = expressionAt(document.lineAt(position.line).text, position.character);
        if (!found) return undefined;
        return new vscode.EvaluatableExpression(new vscode.Range(position.line, found.start, position.line, found.end), found.expression);
      },
    }),
  );
}
