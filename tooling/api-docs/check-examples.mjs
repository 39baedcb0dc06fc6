#!/usr/bin/env node
// Checks the TSDoc `@example` blocks of the libraries under packages/ (STYLE.md §13, issue #17): every
// exported function carries one, and every `@example` of an exported symbol (functions, classes and
// their members, interfaces and their members, constants) type-checks against its package as a
// consumer would write it: a module importing from the package's name, compiled with `nodenext` and the
// repository's strict options. Nothing is written: each example is a virtual file
// `packages/<pkg>/__examples__/<n>.ts` (inside the package, so `@tollkit/<pkg>` resolves to the
// package itself and its dependencies to its own node_modules).
//
// What an example may assume: the names its own package exports (imported for it — value or type — when
// the example uses them and does not import or declare them itself). Everything else it declares:
// imports from node: or other packages, and its inputs (`declare const text: string;`), which the
// reader then sees typed. Code is the content of the ```ts/```js fences of the block, or the whole block
// when it has none (as TypeDoc renders it).
//
// Uses TypeScript 6's JS API (the one TypeDoc runs on; TypeScript 7's native compiler has no stable JS
// API yet). Usage: node check-examples.mjs [--root <dir with packages/>]. Exits 1 naming file, symbol and
// the compiler's message for each problem.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const rootArg = process.argv.indexOf('--root');
const root = resolve(rootArg > 0 ? (process.argv[rootArg + 1] ?? '.') : repoRoot);

/**
 * Exported functions and methods that may go without an `@example`, with the reason. The methods
 * here are called by the runtime, not by users: they keep a token out of logs and JSON.
 */
const WITHOUT_EXAMPLE = new Map([
  ['@tollkit/maskinporten#CustomsToken.toJSON', 'called by JSON.stringify: redacts the token'],
  ['@tollkit/maskinporten#CustomsToken.toString', 'called by string conversion: redacts the token'],
  ['@tollkit/maskinporten#CustomsToken.[inspect.custom]', 'called by util.inspect / console.log: redacts the token'],
]);

const base = ts.parseJsonConfigFileContent(
  ts.readConfigFile(join(repoRoot, 'tsconfig.base.json'), ts.sys.readFile).config,
  ts.sys,
  repoRoot,
).options;
const options = {
  ...base,
  noEmit: true,
  noUnusedLocals: false,
  noUnusedParameters: false,
  types: ['node'],
  typeRoots: [join(repoRoot, 'node_modules/@types')],
};

const packages = readdirSync(join(root, 'packages'))
  .sort()
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src/index.ts')))
  .map((dir) => ({ dir, name: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, index: join(dir, 'src/index.ts') }));

// 1. The exported API of each package and the @example blocks on it.
const program = ts.createProgram(packages.map((p) => p.index), options);
const checker = program.getTypeChecker();

/**
 * The raw text of each `@example` tag on a node (comment margins removed, indentation kept). The text
 * runs to the end of its fenced block, else to the next block tag at the start of a line: TypeScript's
 * own tag boundaries would cut an example at an `@` inside its code (`'@tollkit/…'`).
 */
function exampleTexts(node) {
  const source = node.getSourceFile().text;
  return ts
    .getJSDocTags(node)
    .filter((tag) => tag.tagName.text === 'example')
    .map((tag) => {
      const comment = tag.parent; // the JSDoc comment (or its type-tag holder) the tag belongs to
      const end = ts.isJSDoc(comment) ? comment.end : tag.end;
      const lines = source
        .slice(tag.tagName.end, end)
        .split('\n')
        .map((line) => line.replace(/^\s*\*( |$)/u, '').replace(/\s*\*\/\s*$/u, ''));
      const fence = lines.findIndex((l) => /^\s*```/u.test(l));
      const stop =
        fence >= 0 && fence <= 1
          ? lines.findIndex((l, i) => i > fence && /^\s*```\s*$/u.test(l)) + 1 || lines.length
          : (() => {
              const next = lines.findIndex((l, i) => i > 0 && /^@\w/u.test(l));
              return next < 0 ? lines.length : next;
            })();
      return lines.slice(0, stop).join('\n').trim();
    });
}

/** The code of an example: its ```ts/```js fences, or the whole text when it has none. */
function codeOf(text) {
  const fences = [...text.matchAll(/```(\w*)[^\n]*\n([\s\S]*?)```/gu)];
  if (fences.length === 0) return text;
  return fences
    .filter(([, lang]) => lang === '' || /^(ts|typescript|js|javascript|mts|mjs)$/u.test(lang))
    .map(([, , code]) => code)
    .join('\n');
}

const isFunctionLike = (decl) =>
  ts.isFunctionDeclaration(decl) ||
  (ts.isVariableDeclaration(decl) && decl.initializer !== undefined && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer)));

const where = (node, text) => `${relative(root, node.getSourceFile().fileName)}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1} ${text}`;
const examples = [];
const missing = [];
let exportedCount = 0;
for (const pkg of packages) {
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(pkg.index));
  if (moduleSymbol === undefined) throw new Error(`${pkg.index} is not a module`);
  const exported = checker.getExportsOfModule(moduleSymbol);
  pkg.exports = new Map();
  for (const symbol of exported) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const name = symbol.getName();
    pkg.exports.set(name, (target.flags & ts.SymbolFlags.Value) !== 0);
    exportedCount++;
    const decls = target.declarations ?? [];
    const add = (node, label) => {
      for (const text of exampleTexts(node)) {
        const sf = node.getSourceFile();
        examples.push({ pkg, symbol: label, file: relative(root, sf.fileName), line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, code: codeOf(text) });
      }
    };
    for (const decl of decls) {
      add(decl, name);
      if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) {
        for (const member of decl.members) {
          const modifiers = ts.getCombinedModifierFlags(member);
          if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || (member.name !== undefined && ts.isPrivateIdentifier(member.name))) continue;
          const label = `${name}.${member.name?.getText() ?? 'constructor'}`;
          add(member, label);
          // Methods others call need their own example, as functions do (constructors: the class's example shows them).
          const method = ts.isMethodDeclaration(member) || ts.isMethodSignature(member) || (ts.isPropertySignature(member) && member.type !== undefined && ts.isFunctionTypeNode(member.type));
          if (method && exampleTexts(member).length === 0 && !WITHOUT_EXAMPLE.has(`${pkg.name}#${label}`)) missing.push(where(member, `${pkg.name} ${label}: exported method without a TSDoc @example`));
        }
      }
    }
    const fn = decls.some(isFunctionLike);
    if (fn && decls.filter(isFunctionLike).every((d) => exampleTexts(d).length === 0) && !WITHOUT_EXAMPLE.has(`${pkg.name}#${name}`)) {
      missing.push(where(decls[0], `${pkg.name} ${name}: exported function without a TSDoc @example`));
    }
  }
}

// 2. Each example as a consumer's module, type-checked against its package.
const virtual = new Map();
examples.forEach((ex, i) => {
  const own = new Set([...ex.code.matchAll(/\b(?:import|const|let|var|function|class|type|interface|declare\s+const)\s+(?:type\s+)?\{?\s*([\w\s,]+?)\s*\}?\s*(?:from|=|:|\(|<|;|\n)/gu)].flatMap((m) => m[1].split(/\s*,\s*/u)));
  const used = [...ex.pkg.exports].filter(([name]) => !own.has(name) && new RegExp(`(?<![\\w.$])${name.replace(/\$/gu, '\\$')}(?![\\w$])`, 'u').test(ex.code));
  const imports = used.length === 0 ? '' : `import { ${used.map(([name, value]) => (value ? name : `type ${name}`)).join(', ')} } from '${ex.pkg.name}';\n`;
  const file = join(ex.pkg.dir, '__examples__', `${String(i).padStart(3, '0')}-${ex.symbol.replace(/[^\w.-]/gu, '_')}.ts`);
  ex.virtualFile = file;
  ex.prefixLines = imports === '' ? 0 : 1;
  virtual.set(file, `${imports}${ex.code}\nexport {};\n`);
});
const host = ts.createCompilerHost(options);
const { fileExists, readFile, getSourceFile } = host;
host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
host.getSourceFile = (f, lang, onError, fresh) =>
  virtual.has(f) ? ts.createSourceFile(f, virtual.get(f), lang, true) : getSourceFile.call(host, f, lang, onError, fresh);
const examplesProgram = ts.createProgram([...virtual.keys()], options, host);

const problems = [];
for (const ex of examples) {
  const sf = examplesProgram.getSourceFile(ex.virtualFile);
  const diagnostics = [...examplesProgram.getSyntacticDiagnostics(sf), ...examplesProgram.getSemanticDiagnostics(sf)];
  for (const d of diagnostics) {
    const at = d.start === undefined ? '' : ` (example line ${sf.getLineAndCharacterOfPosition(d.start).line + 1 - ex.prefixLines})`;
    problems.push(`${ex.file}:${ex.line} ${ex.pkg.name} ${ex.symbol} @example${at}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n  ')}`);
  }
}

for (const m of missing) console.error(m);
for (const p of problems) console.error(p);
if (missing.length > 0 || problems.length > 0) {
  console.error(`${missing.length} exported function(s) or method(s) without an @example, ${problems.length} compile error(s) in ${examples.length} @example blocks`);
  process.exit(1);
}
console.log(`${examples.length} @example blocks on ${exportedCount} exports of ${packages.length} packages compile; every exported function and method has one (${WITHOUT_EXAMPLE.size} listed exceptions)`);
