/**
 * The start of every `paperbot` call (`dist/cli.js`): runs the command-line tool, bundled as one CommonJS
 * script (`dist/paperbot.cjs`), through V8's code cache, and the stats chart (`dist/chart.cjs`) likewise when
 * a command draws it.
 *
 * Why: Node 20 has no compile cache for ES modules, and compiling the tool's functions anew on every call was
 * the largest cost left of a start. A script run through `vm.Script` can take V8's compiled code from a
 * previous run (`cachedData`). The build writes those caches (`dist/<script>.v8`) after a warm-up chart
 * and a warm-up search, so both start from compiled code. The cache is checked twice: its header names the SHA-1 of
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

/**
 * What a script gets besides CommonJS's own arguments: the way to run another script of dist/ the same way.
 * On Node 20, `import()` fails inside a script whose code came from the cache, so the tool cannot import
 * the stats chart itself; it is a script of its own (`chart.cjs`, vega bundled in), run through here.
 */
type LoadScript = (name: string) => unknown;

type Wrapper = (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string, loadScript: LoadScript) => void;

const loaded = new Map<string, unknown>();
/** The code cache rewrites due at exit: a script's `createCachedData` then holds what this run compiled. */
const rewrites: (() => void)[] = [];

/** The cached code for exactly this script (its SHA-1 heads the cache file), or undefined. */
function readCodeCache(cacheFile: string, sourceHash: Buffer): Buffer | undefined {
  try {
    const buf = readFileSync(cacheFile);
    return buf.subarray(0, 20).equals(sourceHash) ? buf.subarray(20) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `dist/<name>` (a CommonJS script) once, from V8's code cache when it has a good one; its exports. */
function loadScript(name: string): unknown {
  if (loaded.has(name)) return loaded.get(name);
  const scriptFile = path.join(here, name);
  const cacheFile = `${scriptFile}.v8`;
  const source = readFileSync(scriptFile, 'utf8');
  const sourceHash = createHash('sha1').update(source).digest();
  const cachedData = readCodeCache(cacheFile, sourceHash);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __loadScript) {${source}\n})`, {
    filename: scriptFile,
    cachedData,
  });
  // After the run, so the cache holds the functions this command compiled, not only the top level.
  if (cachedData === undefined || script.cachedDataRejected || process.env.PAPERBOT_WRITE_CODE_CACHE === '1') {
    rewrites.push(() => {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, Buffer.concat([sourceHash, script.createCachedData()]));
      renameSync(tmp, cacheFile);
    });
  }
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as Wrapper;
  wrapper.call(module.exports, module.exports, createRequire(scriptFile), module, scriptFile, here, loadScript);
  loaded.set(name, module.exports);
  return module.exports;
}

process.once('exit', () => {
  for (const rewrite of rewrites) {
    try {
      rewrite();
    } catch {
      // A read-only install: every call compiles, which is correct, only slower.
    }
  }
});

loadScript('paperbot.cjs');
