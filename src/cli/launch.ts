/**
 * The start of every `paperbot` call (`dist/cli.js`): runs the command-line tool, bundled as one CommonJS
 * script (`dist/paperbot.cjs`), through V8's code cache.
 *
 * Why: Node 20 has no compile cache for ES modules, and compiling the tool's functions anew on every call was
 * the largest cost left of a start. A script run through `vm.Script` can take V8's compiled code from a
 * previous run (`cachedData`). The build writes that cache (`dist/paperbot.cjs.v8`) after one warm-up
 * search, so a search starts from compiled code. The cache is checked twice: its header names the SHA-1 of
 * the script, and V8 rejects data from another V8 version or other flags. A rejected or missing cache only
 * means a slower start; where dist/ is writable it is written again at exit, so the next call is fast again.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = path.dirname(fileURLToPath(import.meta.url));
const scriptFile = path.join(here, 'paperbot.cjs');
const cacheFile = `${scriptFile}.v8`;
const source = readFileSync(scriptFile, 'utf8');
const sourceHash = createHash('sha1').update(source).digest();

/** The cached code for exactly this script, or undefined. */
function readCodeCache(): Buffer | undefined {
  try {
    const buf = readFileSync(cacheFile);
    return buf.subarray(0, 20).equals(sourceHash) ? buf.subarray(20) : undefined;
  } catch {
    return undefined;
  }
}

const cachedData = readCodeCache();
// CommonJS's own wrapper plus `__esImport`: on Node 20, `import()` fails inside a script whose code came from
// the cache, so the script imports ES modules (the stats chart) through this module instead.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __esImport) {${source}\n})`, {
  filename: scriptFile,
  cachedData,
});

// After the run, so the cache holds the functions this command compiled, not only the top level.
if (cachedData === undefined || script.cachedDataRejected || process.env.PAPERBOT_WRITE_CODE_CACHE === '1') {
  process.once('exit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, Buffer.concat([sourceHash, script.createCachedData()]));
      renameSync(tmp, cacheFile);
    } catch {
      // A read-only install: every call compiles, which is correct, only slower.
    }
  });
}

type Wrapper = (
  exports: object,
  require: NodeJS.Require,
  module: object,
  filename: string,
  dirname: string,
  esImport: (spec: string) => Promise<unknown>,
) => void;
const wrapper = script.runInThisContext() as Wrapper;
const module = { exports: {} };
const esImport = (spec: string) => import(new URL(spec, import.meta.url).href);
wrapper.call(module.exports, module.exports, createRequire(scriptFile), module, scriptFile, here, esImport);
