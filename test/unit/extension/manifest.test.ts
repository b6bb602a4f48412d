import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchSettings } from '../../../src/extension/launch';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface Attribute { type: string | string[]; description?: string; default?: unknown; enum?: string[]; enumDescriptions?: string[] }

describe('extension manifest (package.json contributions)', () => {
  const debuggerEntry = manifest.contributes.debuggers.find((d: { type: string }) => d.type === 'memscope');
  const attributes: Record<string, Attribute> = debuggerEntry.configurationAttributes.launch.properties;

  it('describes every launch attribute with a description and a default', () => {
    const expected = ['program', 'args', 'stdin', 'stdinFile', 'cwd', 'stopOnEntry', 'stackSize', 'physMem', 'swap', 'pagePolicy', 'heapPolicy', 'coalesce', 'heapLimit', 'tlbEntries', 'maxSteps', 'leakCheck'];
    assert.deepEqual(Object.keys(attributes).sort(), [...expected].sort());
    for (const [name, attribute] of Object.entries(attributes)) {
      assert.ok(attribute.description && attribute.description.length > 20, `${name} has a description`);
      assert.ok('default' in attribute, `${name} has a default`);
      if (attribute.enum) {
        assert.ok(attribute.enum.includes(attribute.default as string), `${name}'s default is one of its values`);
        assert.equal(attribute.enumDescriptions?.length, attribute.enum.length, `${name} describes each value`);
      }
    }
  });

  it('has schema defaults that give exactly the engine default settings', () => {
    const defaults = Object.fromEntries(Object.entries(attributes).map(([k, a]) => [k, a.default]));
    const { settings, problems } = launchSettings(defaults);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
  });

  it('lists the enum values the engine accepts, and no others', () => {
    for (const name of ['pagePolicy', 'heapPolicy', 'leakCheck']) {
      for (const value of attributes[name]!.enum!) assert.deepEqual(launchSettings({ [name]: value }).problems, [], `${name}=${value}`);
      assert.notDeepEqual(launchSettings({ [name]: 'bogus' }).problems, [], `${name} rejects unknown values`);
    }
  });

  it('activates only on memscope debugging, Mini C files, restored memscope panels and its commands', () => {
    assert.deepEqual(manifest.activationEvents, ['onDebugResolve:memscope', 'onDebugDynamicConfigurations:memscope', 'onLanguage:minic', 'onWebviewPanel:memscope.memoryMap', 'onWebviewPanel:memscope.paging']);
  });

  it('contributes the minic language with its grammar, configuration and snippets, and breakpoints for minic and c', () => {
    const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'minic');
    assert.deepEqual(language.extensions, ['.mc']);
    assert.equal(language.aliases[0], 'Mini C');
    for (const file of [language.configuration, manifest.contributes.grammars[0].path, manifest.contributes.snippets[0].path, manifest.icon]) {
      assert.ok(existsSync(join(root, file)), `${file} exists`);
    }
    assert.deepEqual(manifest.contributes.breakpoints, [{ language: 'minic' }, { language: 'c' }]);
    assert.deepEqual(debuggerEntry.languages, ['minic', 'c']);
  });

  it('gives every setting a description and a default of its type', () => {
    const properties: Record<string, { type: string; default: unknown; description: string }> = manifest.contributes.configuration.properties;
    for (const name of ['memscope.memoryMap.openOnStop', 'memscope.decorations.enabled', 'memscope.inlineValues', 'memscope.diagnostics.onType']) {
      assert.ok(properties[name], `${name} is contributed`);
    }
    assert.equal(properties['memscope.memoryMap.openOnStop']!.default, true);
    for (const [name, p] of Object.entries(properties)) {
      assert.ok(p.description.length > 20, `${name} has a description`);
      const type = Array.isArray(p.default) ? 'array' : Number.isInteger(p.default) && p.type === 'integer' ? 'integer' : typeof p.default;
      assert.equal(type, p.type, `${name}'s default is a ${p.type}`);
    }
  });

  it('has snippets whose bodies are non-empty and whose prefixes are unique', () => {
    const snippets: Record<string, { prefix: string; body: string[]; description: string }> = JSON.parse(readFileSync(join(root, 'snippets', 'minic.json'), 'utf8'));
    const prefixes = Object.values(snippets).map((s) => s.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
    for (const wanted of ['main', 'for', 'while', 'if', 'malloc', 'struct', 'typedef', 'printf', 'fn']) assert.ok(prefixes.includes(wanted), `snippet ${wanted}`);
    const malloc = Object.values(snippets).find((s) => s.prefix === 'malloc')!.body.join('\n');
    assert.match(malloc, /== NULL/);
    assert.match(malloc, /free\(\$2\)/);
  });
});
