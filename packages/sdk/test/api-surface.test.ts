import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

/**
 * @mark1/sdk is the compatibility boundary: every exported name, with its type, is recorded in
 * api-surface.txt, so any change to the public API shows in review. When this fails on purpose,
 * run `npx vitest run test/api-surface.test.ts -u` and commit the new file.
 */
function describeExports(entry: string): string {
  const program = ts.createProgram([entry], {
    strict: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const flags =
    ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;
  const lines = checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const name = exported.getName();
    if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      const members = checker
        .getPropertiesOfType(type)
        .map(
          (property) =>
            `${property.getName()}${property.flags & ts.SymbolFlags.Optional ? '?' : ''}`,
        )
        .sort();
      const shape = members.length > 0 && members.length <= 40 ? ` { ${members.join('; ')} }` : '';
      return `type ${name}${shape}`;
    }
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    const type = declaration ? checker.getTypeOfSymbolAtLocation(symbol, declaration) : undefined;
    const kind =
      symbol.flags & ts.SymbolFlags.Class
        ? 'class'
        : symbol.flags & ts.SymbolFlags.Function
          ? 'function'
          : 'const';
    const text = type ? checker.typeToString(type, undefined, flags) : '';
    return `${kind} ${name}: ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`;
  });
  return `${lines.sort().join('\n')}\n`;
}

it('keeps the public API of @mark1/sdk under review', async () => {
  const surface = describeExports(join(import.meta.dirname, '../src/index.ts'));
  await expect(surface).toMatchFileSnapshot('./api-surface.txt');
});
