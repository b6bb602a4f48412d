// Tokens: what the tokenizer produces and the preprocessor and parser consume. A token keeps the exact
// text it was made from and where it stands, so every later diagnostic can point at it; after macro
// expansion `expandedFrom` names the macro use the token came out of (diagnostics point at the use).

import type { SourceLocation } from '../diagnostics';

export type TokenKind =
  | 'ident'      // identifiers and keywords (the parser tells them apart)
  | 'number'     // pp-number: 12, 0x1F, 3.5e-2, 10UL … (the parser converts it)
  | 'char'       // character constant, text includes the quotes: 'a', '\n'
  | 'string'     // string literal, text includes the quotes: "hi\n"
  | 'punct'      // operators and punctuators: + ++ += -> ... ## # ( ) [ ] { } ; , etc.
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The spelling as written in the source (for strings and chars: with quotes and escapes). */
  readonly text: string;
  readonly location: SourceLocation;
  /** True when whitespace or a comment came before this token on its line (needed for `#` stringizing). */
  readonly spaceBefore: boolean;
  /** True when this token is the first on its line (needed for directives). */
  readonly lineStart: boolean;
  /** After expansion: the location of the outermost macro use that produced this token. */
  readonly expandedFrom?: SourceLocation;
  /** Macro names that must not be expanded again in this token (the C "hide set"). */
  readonly hideSet?: ReadonlySet<string>;
}
